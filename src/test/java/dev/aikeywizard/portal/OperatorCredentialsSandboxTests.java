package dev.aikeywizard.portal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.CreateServiceAccountRequest;
import dev.aikeywizard.cloud.Folder;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.IamTokenApi;
import dev.aikeywizard.cloud.Operation;
import dev.aikeywizard.cloud.OperationApi;
import dev.aikeywizard.cloud.ResourceManagerApi;
import dev.aikeywizard.cloud.ServiceAccountApi;
import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.SandboxTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator's credentials against the sandbox's IAM, which verifies PS256 signatures against the public keys of
 * a service account's authorized keys as IAM does: a key created through {@code POST /iam/v1/keys} and saved in the
 * shape {@code yc iam key create} writes gets an IAM token; the same file with another key pair's private key does
 * not.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "app.sandbox.operation-polls=1" })
class OperatorCredentialsSandboxTests {

	static final int PORT = FreePort.find();

	static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
	}

	@Autowired
	IamTokenApi iamTokens;

	@Autowired
	ResourceManagerApi resourceManager;

	@Autowired
	ServiceAccountApi serviceAccounts;

	@Autowired
	OperationApi operations;

	@TempDir
	Path dir;

	@Test
	void aKeyFileOfTheSandboxGetsAnIamTokenAndAForgedOneDoesNot() throws Exception {
		IamToken admin = this.iamTokens
			.exchangeOAuthToken(SandboxTokens.cloudOAuthToken("http://localhost:" + PORT, "ready"))
			.block();
		String cloudId = this.resourceManager.listClouds(admin).block().get(0).id();
		Folder folder = this.resourceManager.listFolders(admin, cloudId).block().get(0);
		Operation created = this.serviceAccounts.create(admin,
				new CreateServiceAccountRequest(folder.id(), "key-desk-operator", "portal operator"),
				UUID.randomUUID().toString())
			.block();
		String serviceAccountId = this.operations.awaitDone(admin, created)
			.block()
			.metadataString("serviceAccountId")
			.orElseThrow();
		JsonNode key = createAuthorizedKey(admin, serviceAccountId);

		OperatorKey operatorKey = OperatorKeyFile
			.read(OperatorKeyFiles.writeText(this.dir, JSON.writeValueAsString(yc(key, key.get("privateKey").asString()))));
		OperatorCredentials credentials = new OperatorCredentials(new OperatorJwt(operatorKey, Clock.systemUTC()),
				this.iamTokens, Clock.systemUTC());
		IamToken token = credentials.iamToken().block();
		assertThat(token.value()).isNotBlank();
		assertThat(token.expiresAt()).isAfter(Instant.now());

		// Another key pair under the same key id: the sandbox must check the signature, not only the claims.
		JsonNode other = createAuthorizedKey(admin, serviceAccountId);
		Map<String, Object> forged = yc(key, other.get("privateKey").asString());
		forged.put("public_key", other.get("key").get("publicKey").asString());
		OperatorKey forgedKey = OperatorKeyFile.read(OperatorKeyFiles.writeText(this.dir, JSON.writeValueAsString(forged)));
		OperatorCredentials forger = new OperatorCredentials(new OperatorJwt(forgedKey, Clock.systemUTC()),
				this.iamTokens, Clock.systemUTC());
		assertThatThrownBy(() -> forger.iamToken().block()).isInstanceOf(CloudException.UnauthenticatedException.class);
	}

	private JsonNode createAuthorizedKey(IamToken admin, String serviceAccountId) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/sandbox/iam/iam/v1/keys"))
				.header("Authorization", "Bearer " + admin.value())
				.header("Content-Type", "application/json")
				.header("Idempotency-Key", UUID.randomUUID().toString())
				.POST(HttpRequest.BodyPublishers.ofString("{\"serviceAccountId\":\"" + serviceAccountId + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	/** The fields {@code yc iam key create --output key.json} writes, for a key the API returned. */
	private static Map<String, Object> yc(JsonNode created, String privateKey) {
		JsonNode key = created.get("key");
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("id", key.get("id").asString());
		fields.put("service_account_id", key.get("serviceAccountId").asString());
		fields.put("created_at", key.get("createdAt").asString());
		fields.put("key_algorithm", key.get("keyAlgorithm").asString());
		fields.put("public_key", key.get("publicKey").asString());
		fields.put("private_key", "PLEASE DO NOT REMOVE THIS LINE! Yandex.Cloud SA Key ID <" + key.get("id").asString()
				+ ">\n" + privateKey);
		return fields;
	}

}
