package dev.aikeywizard.cloud;

import java.time.Instant;
import java.util.List;

/** JSON shapes of list pages and request bodies that have no public record of their own. */
final class CloudWire {

	private CloudWire() {
	}

	record IamTokenRequest(String yandexPassportOauthToken, String jwt) {

		@Override
		public String toString() {
			return "IamTokenRequest[yandexPassportOauthToken=<redacted>, jwt=<redacted>]";
		}

	}

	record IamTokenResponse(String iamToken, Instant expiresAt) {

		@Override
		public String toString() {
			return "IamTokenResponse[iamToken=<redacted>, expiresAt=" + this.expiresAt + "]";
		}

	}

	record BillingAccountPage(List<BillingAccount> billingAccounts, String nextPageToken) {
	}

	record BillableObjectBindingPage(List<BillableObjectBinding> billableObjectBindings, String nextPageToken) {
	}

	record CloudPage(List<Cloud> clouds, String nextPageToken) {
	}

	record FolderPage(List<Folder> folders, String nextPageToken) {
	}

	record AccessBindingPage(List<AccessBinding> accessBindings, String nextPageToken) {
	}

	record UpdateAccessBindingsRequest(List<AccessBindingDelta> accessBindingDeltas) {
	}

	record ServiceAccountPage(List<ServiceAccount> serviceAccounts, String nextPageToken) {
	}

	record ApiKeyPage(List<ApiKey> apiKeys, String nextPageToken) {
	}

	record ApiKeyScopePage(List<String> scopes, String nextPageToken) {
	}

	record TokenizeRequest(String modelUri, String text) {
	}

}
