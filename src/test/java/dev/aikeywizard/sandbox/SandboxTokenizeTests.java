package dev.aikeywizard.sandbox;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Foundation Models tokenizer with an API key: the key, its scopes, the service account's role on the folder
 * (which takes 1.5 s to propagate in these tests) and the model URI.
 */
class SandboxTokenizeTests extends SandboxTestSupport {

	static final String TOKENIZE = "/sandbox/llm/foundationModels/v1/tokenize";

	String iam;

	String folder;

	String saId;

	@BeforeEach
	void serviceAccount() throws Exception {
		this.iam = iamToken("ready");
		this.folder = folderId(this.iam, "default");
		this.saId = createServiceAccount(this.iam, this.folder, "tokenizer");
	}

	Resp tokenize(String secret, String modelUri, String... headers) {
		return send("POST", TOKENIZE, "Api-Key " + secret,
				"{\"modelUri\":\"" + modelUri + "\",\"text\":\"Hello, world\"}", headers);
	}

	String key(String scope) {
		return createApiKey(this.iam, "{\"serviceAccountId\":\"" + this.saId + "\",\"scopes\":[\"" + scope + "\"]}")
			.get("secret")
			.asString();
	}

	String model() {
		return "gpt://" + this.folder + "/yandexgpt-lite/latest";
	}

	@Test
	void succeedsOnceTheRoleHasPropagatedAndNotBefore() throws Exception {
		String secret = key("yc.ai.languageModels.execute");
		grant(this.iam, this.folder, this.saId, "ai.languageModels.user");
		assertStatus(tokenize(secret, model()), 403, 7, "ai.languageModels.user");
		Thread.sleep(1700);
		Resp ok = tokenize(secret, model());
		assertThat(ok.status()).as(ok.body()).isEqualTo(200);
		JsonNode json = ok.json();
		assertThat(json.get("modelVersion").asString()).isNotEmpty();
		assertThat(json.get("tokens").get(0).get("special").asBoolean()).isTrue();
		assertThat(json.get("tokens").get(0).get("id").isString()).isTrue();
		assertThat(json.get("tokens").size()).isGreaterThan(2);
		assertThat(tokenize(secret, model(), "x-folder-id", this.folder).status()).isEqualTo(200);
	}

	@Test
	void aUserIamTokenWithTheFolderHeaderWorksForAnAdmin() {
		Resp ok = send("POST", TOKENIZE, bearer(this.iam), "{\"modelUri\":\"" + model() + "\",\"text\":\"hi\"}",
				"x-folder-id", this.folder);
		assertThat(ok.status()).as(ok.body()).isEqualTo(200);
	}

	@Test
	void withoutARoleItIsPermissionDeniedNamingTheRole() {
		assertStatus(tokenize(key("yc.ai.foundationModels.execute"), model()), 403, 7, "ai.languageModels.user");
	}

	@Test
	void aKeyWithTheWrongScopeIsPermissionDeniedNamingTheScope() throws Exception {
		grant(this.iam, this.folder, this.saId, "ai.languageModels.user");
		Thread.sleep(1700);
		assertStatus(tokenize(key("yc.ydb.tables.manage"), model()), 403, 7, "yc.ai.languageModels.execute");
	}

	@Test
	void anExpiredOrUnknownKeyIsUnauthenticated() throws Exception {
		grant(this.iam, this.folder, this.saId, "editor");
		String soon = Instant.now().plusSeconds(2).toString();
		String secret = createApiKey(this.iam, "{\"serviceAccountId\":\"" + this.saId
				+ "\",\"scopes\":[\"yc.ai.languageModels.execute\"],\"expiresAt\":\"" + soon + "\"}")
			.get("secret")
			.asString();
		Thread.sleep(2200);
		Resp expired = tokenize(secret, model());
		assertStatus(expired, 401, 16, "expired");
		assertThat(expired.body()).doesNotContain(secret);
		assertStatus(tokenize("AQVNnotakey", model()), 401, 16, "Unknown api key");
		assertStatus(send("POST", TOKENIZE, null, "{}"), 401, 16, "Api-Key");
	}

	@Test
	void aBadModelUriOrAnotherFolderIsRejected() throws Exception {
		grant(this.iam, this.folder, this.saId, "ai.languageModels.user");
		Thread.sleep(1700);
		String secret = key("yc.ai.languageModels.execute");
		assertStatus(tokenize(secret, "yandexgpt-lite"), 400, 3, "modelUri");
		assertStatus(tokenize(secret, "gpt://" + this.folder), 400, 3, "modelUri");
		String other = folderId(this.iam, "ml-experiments");
		assertStatus(tokenize(secret, "gpt://" + other + "/yandexgpt-lite/latest"), 403, 7, "folder");
		assertStatus(tokenize(secret, model(), "x-folder-id", other), 403, 7, "folder");
	}

}
