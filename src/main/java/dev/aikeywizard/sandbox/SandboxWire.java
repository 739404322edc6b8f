package dev.aikeywizard.sandbox;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The sandbox's own wire records: the JSON shapes of Yandex ID and of the Yandex Cloud REST APIs, written from the
 * reference and kept apart from the application's client so that a wrong field name cannot pass on both sides.
 */
final class SandboxWire {

	private SandboxWire() {
	}

	// ---- requests (parsed strictly: an unknown field is INVALID_ARGUMENT) ----

	record CreateIamTokenRequest(String yandexPassportOauthToken, String jwt) {

		@Override
		public String toString() {
			return "CreateIamTokenRequest[***]";
		}

	}

	record CreateServiceAccountRequest(String folderId, String name, String description, Map<String, String> labels,
			String expiresAt) {
	}

	record UpdateAccessBindingsRequest(List<AccessBindingDelta> accessBindingDeltas) {
	}

	record CreateApiKeyRequest(String serviceAccountId, String description, List<String> scopes, String scope,
			String expiresAt) {
	}

	/** {@code PATCH /iam/v1/apiKeys/{id}}: {@code updateMask} is a FieldMask in JSON, comma-separated paths. */
	record UpdateApiKeyRequest(String updateMask, String description, List<String> scopes, String expiresAt) {
	}

	record TokenizeRequest(String modelUri, String text) {
	}

	record CreateKeyRequest(String serviceAccountId, String description, String format, String keyAlgorithm) {
	}

	// ---- shared messages ----

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record AccessBindingDelta(String action, AccessBinding accessBinding) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record AccessBinding(String roleId, Subject subject) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Subject(String id, String type) {
	}

	// ---- responses ----

	record IamToken(String iamToken, String expiresAt) {

		@Override
		public String toString() {
			return "IamToken[expiresAt=" + this.expiresAt + "]";
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ServiceAccount(String id, String folderId, String createdAt, String name, String description,
			Map<String, String> labels, String status, String expiresAt) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ServiceAccountPage(List<ServiceAccount> serviceAccounts, String nextPageToken) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Cloud(String id, String createdAt, String name, String description, String organizationId) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ApiKeyScopePage(List<String> scopes, String nextPageToken) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record CloudPage(List<Cloud> clouds, String nextPageToken) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Folder(String id, String cloudId, String createdAt, String name, String description, String status) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record FolderPage(List<Folder> folders, String nextPageToken) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record AccessBindingPage(List<AccessBinding> accessBindings, String nextPageToken) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ApiKey(String id, String serviceAccountId, String createdAt, String description, String lastUsedAt,
			String scope, List<String> scopes, String expiresAt, String maskedSecret) {
	}

	record CreatedApiKey(ApiKey apiKey, String secret) {

		@Override
		public String toString() {
			return "CreatedApiKey[apiKey=" + this.apiKey + ", secret=***]";
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ApiKeyPage(List<ApiKey> apiKeys, String nextPageToken) {
	}

	/** An authorized key of a service account: the public half of an RSA key pair, as PEM. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Key(String id, String serviceAccountId, String createdAt, String description, String keyAlgorithm,
			String publicKey) {
	}

	record CreatedKey(Key key, String privateKey) {

		@Override
		public String toString() {
			return "CreatedKey[key=" + this.key + ", privateKey=***]";
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record KeyPage(List<Key> keys, String nextPageToken) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record BillingAccount(String id, String name, String createdAt, String countryCode, String currency,
			boolean active, String balance) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record BillingAccountPage(List<BillingAccount> billingAccounts, String nextPageToken) {
	}

	record BillableObject(String id, String type) {
	}

	record BillableObjectBinding(String effectiveTime, BillableObject billableObject) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record BillableObjectBindingPage(List<BillableObjectBinding> billableObjectBindings, String nextPageToken) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Operation(String id, String description, String createdAt, String createdBy, String modifiedAt,
			boolean done, Map<String, Object> metadata, Status error, Map<String, Object> response) {
	}

	record Status(int code, String message, List<Map<String, Object>> details) {
	}

	record Token(String id, String text, boolean special) {
	}

	record TokenizeResponse(List<Token> tokens, String modelVersion) {
	}

	record Endpoint(String id, String address) {
	}

	record Endpoints(List<Endpoint> endpoints) {
	}

	// ---- Yandex ID (snake_case on the wire) ----

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record OAuthToken(@JsonProperty("access_token") String accessToken, @JsonProperty("expires_in") long expiresIn,
			@JsonProperty("refresh_token") String refreshToken, @JsonProperty("token_type") String tokenType,
			@JsonProperty("scope") String scope) {

		@Override
		public String toString() {
			return "OAuthToken[***]";
		}

	}

	record OAuthError(@JsonProperty("error") String error,
			@JsonProperty("error_description") String errorDescription) {
	}

	record UserInfo(@JsonProperty("id") String id, @JsonProperty("login") String login,
			@JsonProperty("client_id") String clientId, @JsonProperty("psuid") String psuid,
			@JsonProperty("default_email") String defaultEmail, @JsonProperty("emails") List<String> emails,
			@JsonProperty("display_name") String displayName, @JsonProperty("real_name") String realName,
			@JsonProperty("first_name") String firstName, @JsonProperty("last_name") String lastName,
			@JsonProperty("sex") String sex) {
	}

}
