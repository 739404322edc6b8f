package dev.aikeywizard.sandbox;

import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key lifecycle as the sandbox emulates it (reference §5): Update through an update mask, Delete as an
 * Operation, {@code lastUsedAt} set by successful Foundation Models calls only, and the keeper persona's keys.
 */
class SandboxKeyLifecycleTests extends SandboxTestSupport {

	static final String KEYS = "/sandbox/iam/iam/v1/apiKeys/";

	static final String TOKENIZE = "/sandbox/llm/foundationModels/v1/tokenize";

	String iam;

	String folder;

	String saId;

	@BeforeEach
	void serviceAccountWithRole() throws Exception {
		this.iam = iamToken("ready");
		this.folder = folderId(this.iam, "default");
		this.saId = createServiceAccount(this.iam, this.folder, "lifecycle");
		grant(this.iam, this.folder, this.saId, "ai.languageModels.user");
	}

	JsonNode key() {
		return createApiKey(this.iam, "{\"serviceAccountId\":\"" + this.saId
				+ "\",\"description\":\"d\",\"scopes\":[\"yc.ai.languageModels.execute\"],\"expiresAt\":\"2099-01-01T00:00:00Z\"}");
	}

	Resp patch(String id, String body) {
		return send("PATCH", KEYS + id, bearer(this.iam), body, "Idempotency-Key", UUID.randomUUID().toString());
	}

	JsonNode read(String id) {
		Resp resp = get(KEYS + id, this.iam);
		assertThat(resp.status()).as(resp.body()).isEqualTo(200);
		return resp.json();
	}

	@Test
	void updateChangesOnlyTheMaskedFieldsThroughAnOperationAndKeepsTheSecret() {
		JsonNode created = key();
		String id = created.get("apiKey").get("id").asString();
		Resp resp = patch(id, "{\"updateMask\":\"expiresAt,scopes\",\"expiresAt\":\"2098-05-01T00:00:00Z\","
				+ "\"scopes\":[\"yc.ai.foundationModels.execute\"]}");
		assertThat(resp.status()).as(resp.body()).isEqualTo(200);
		JsonNode op = awaitOperation(this.iam, resp.json());
		assertThat(op.get("metadata").get("@type").asString())
			.isEqualTo("type.googleapis.com/yandex.cloud.iam.v1.UpdateApiKeyMetadata");
		assertThat(op.get("metadata").get("apiKeyId").asString()).isEqualTo(id);
		assertThat(op.get("response").get("@type").asString()).isEqualTo("type.googleapis.com/yandex.cloud.iam.v1.ApiKey");
		JsonNode now = read(id);
		assertThat(now.get("expiresAt").asString()).isEqualTo("2098-05-01T00:00:00Z");
		assertThat(now.get("scopes").get(0).asString()).isEqualTo("yc.ai.foundationModels.execute");
		assertThat(now.get("description").asString()).isEqualTo("d");
		assertThat(now.get("maskedSecret").asString()).isEqualTo(created.get("apiKey").get("maskedSecret").asString());
	}

	@Test
	void aBadMaskOrAFieldOutsideItIsInvalidArgumentAndChangesNothing() {
		String id = key().get("apiKey").get("id").asString();
		assertStatus(patch(id, "{\"updateMask\":\"serviceAccountId\"}"), 400, 3, "updateMask");
		assertStatus(patch(id, "{\"description\":\"x\"}"), 400, 3, "updateMask");
		assertStatus(patch(id, "{\"updateMask\":\"description\",\"description\":\"x\",\"expiresAt\":\"2098-01-01T00:00:00Z\"}"),
				400, 3, "expiresAt");
		assertStatus(patch(id, "{\"updateMask\":\"scopes\",\"scopes\":[]}"), 400, 3, "scopes");
		assertStatus(patch(id, "{\"updateMask\":\"expiresAt\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}"), 400, 3,
				"future");
		JsonNode now = read(id);
		assertThat(now.get("description").asString()).isEqualTo("d");
		assertThat(now.get("expiresAt").asString()).isEqualTo("2099-01-01T00:00:00Z");
		assertStatus(patch("ajenosuchkey000000000", "{\"updateMask\":\"description\",\"description\":\"x\"}"), 404, 5,
				"not found");
	}

	@Test
	void theViewerMayNotUpdateOrDelete() throws Exception {
		String viewer = iamToken("viewer");
		String id = key().get("apiKey").get("id").asString();
		// another persona's key is not even visible
		Resp foreign = send("DELETE", KEYS + id, bearer(viewer), null, "Idempotency-Key", UUID.randomUUID().toString());
		assertStatus(foreign, 404, 5, "not found");
	}

	@Test
	void deleteIsAnOperationAndTheKeyStopsWorking() {
		JsonNode created = key();
		String id = created.get("apiKey").get("id").asString();
		Resp resp = send("DELETE", KEYS + id, bearer(this.iam), null, "Idempotency-Key", UUID.randomUUID().toString());
		assertThat(resp.status()).as(resp.body()).isEqualTo(200);
		JsonNode op = awaitOperation(this.iam, resp.json());
		assertThat(op.get("metadata").get("@type").asString())
			.isEqualTo("type.googleapis.com/yandex.cloud.iam.v1.DeleteApiKeyMetadata");
		assertThat(get(KEYS + id, this.iam).status()).isEqualTo(404);
		assertStatus(tokenize(created.get("secret").asString(), "gpt://" + this.folder + "/yandexgpt-lite/latest"), 401,
				16, "Unknown api key");
	}

	@Test
	void lastUsedAtIsSetBySuccessfulCallsOnly() {
		JsonNode created = key();
		String id = created.get("apiKey").get("id").asString();
		String secret = created.get("secret").asString();
		assertThat(read(id).has("lastUsedAt")).isFalse();
		String other = folderId(this.iam, "ml-experiments");
		assertThat(tokenize(secret, "gpt://" + other + "/yandexgpt-lite/latest").status()).isEqualTo(403);
		assertThat(read(id).has("lastUsedAt")).as("a refused call is no use").isFalse();
		Resp ok = tokenize(secret, "gpt://" + this.folder + "/yandexgpt-lite/latest");
		for (int i = 0; i < 40 && ok.status() == 403; i++) { // the role propagates (1.5 s here)
			assertThat(read(id).has("lastUsedAt")).as("a refused call is no use").isFalse();
			SandboxGateway.sleep(java.time.Duration.ofMillis(100));
			ok = tokenize(secret, "gpt://" + this.folder + "/yandexgpt-lite/latest");
		}
		assertThat(ok.status()).as(ok.body()).isEqualTo(200);
		assertThat(read(id).get("lastUsedAt").asString()).isNotBlank();
	}

	@Test
	void theKeeperHasKeysUsedNeverUsedAndAboutToExpire() throws Exception {
		String keeper = iamToken("keeper");
		String folderId = folderId(keeper, "default");
		List<JsonNode> accounts = listAll("/sandbox/iam/iam/v1/serviceAccounts?folderId=" + folderId,
				"serviceAccounts", keeper);
		JsonNode bot = accounts.stream().filter((sa) -> sa.get("name").asString().equals("ai-chatbot")).findFirst()
			.orElseThrow();
		List<JsonNode> keys = listAll("/sandbox/iam/iam/v1/apiKeys?serviceAccountId=" + bot.get("id").asString(),
				"apiKeys", keeper);
		assertThat(keys).hasSize(3);
		assertThat(keys).filteredOn((k) -> k.has("lastUsedAt")).hasSize(2);
		assertThat(keys).filteredOn((k) -> !k.has("lastUsedAt")).hasSize(1);
		assertThat(keys).anyMatch((k) -> java.time.Instant.parse(k.get("expiresAt").asString())
			.isBefore(java.time.Instant.now().plus(java.time.Duration.ofDays(14))));
	}

	Resp tokenize(String secret, String modelUri) {
		return send("POST", TOKENIZE, "Api-Key " + secret, "{\"modelUri\":\"" + modelUri + "\",\"text\":\"hi\"}");
	}

}
