package dev.aikeywizard.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the sandbox keeps, and for how long. Anonymous callers cannot make it hold ever more credentials: each store
 * keeps at most {@code app.sandbox.max-entries} (here 20), dropping the oldest, and forgets what has expired. An API
 * key's secret is kept for Idempotency-Key replay only during the retention window, and never printed.
 */
@TestPropertySource(properties = "app.sandbox.max-entries=20")
@Import(SandboxTestClock.Worlds.class)
class SandboxRetentionTests extends SandboxTestSupport {

	static final int BOUND = 20;

	static final String CLOUD_CLIENT = "1a6990aa636648e9b2ef855fa7bec2fb";

	@BeforeEach
	void realTime() {
		SandboxTestClock.CLOCK.reset();
	}

	@Test
	void manyAuthorizationsKeepOnlyTheNewestCodes() throws Exception {
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < 2 * BOUND + 5; i++) {
			codes.add(authorizationCode("ready", false));
		}
		assertThat(this.worlds.codes.size()).isLessThanOrEqualTo(BOUND);
		Resp oldest = form("/sandbox/oauth/token", tokenForm(codes.get(0), VERIFIER));
		assertThat(oldest.status()).isEqualTo(400);
		assertThat(oldest.json().get("error").asString()).isEqualTo("invalid_grant");
		Resp newest = form("/sandbox/oauth/token", tokenForm(codes.get(codes.size() - 1), VERIFIER));
		assertThat(newest.status()).as(newest.body()).isEqualTo(200);
	}

	@Test
	void manyTokensStayWithinTheBound() throws Exception {
		for (int i = 0; i < 2 * BOUND + 5; i++) {
			Resp shown = form("/sandbox/oauth/authorize",
					Map.of("response_type", "token", "client_id", CLOUD_CLIENT, "persona", "ready"));
			assertThat(shown.status()).isEqualTo(200);
		}
		assertThat(this.worlds.oauthTokens.size()).isLessThanOrEqualTo(BOUND);
		for (int i = 0; i < BOUND + 5; i++) {
			oauthToken("ready", false);
		}
		assertThat(this.worlds.oauthTokens.size()).isLessThanOrEqualTo(BOUND);
		assertThat(this.worlds.refreshTokens.size()).isLessThanOrEqualTo(BOUND);
		String oauth = oauthToken("trial", false);
		for (int i = 0; i < 2 * BOUND + 5; i++) {
			Resp iam = send("POST", "/sandbox/iam/iam/v1/tokens", null,
					"{\"yandexPassportOauthToken\":\"" + oauth + "\"}");
			assertThat(iam.status()).as(iam.body()).isEqualTo(200);
		}
		assertThat(this.worlds.iamTokens.size()).isLessThanOrEqualTo(BOUND);
	}

	@Test
	void aCodeOlderThanTenMinutesIsRefused() throws Exception {
		String code = authorizationCode("ready", false);
		SandboxTestClock.CLOCK.advance(Duration.ofMinutes(10).plusSeconds(1));
		Resp late = form("/sandbox/oauth/token", tokenForm(code, VERIFIER));
		assertThat(late.status()).isEqualTo(400);
		assertThat(late.json().get("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void expiredCredentialsAreForgotten() throws Exception {
		for (int i = 0; i < 5; i++) {
			authorizationCode("ready", false);
		}
		String iam = iamToken("ready");
		SandboxTestClock.CLOCK.advance(Duration.ofHours(12).plusSeconds(1));
		assertStatus(get("/sandbox/resource-manager/resource-manager/v1/clouds", iam), 401, 16, "expired");
		authorizationCode("ready", false);
		iamToken("trial");
		assertThat(this.worlds.codes.size()).isEqualTo(1);
		assertThat(this.worlds.iamTokens.size()).isEqualTo(1);
	}

	@Test
	void anApiKeyCreateIsReplayedWithItsSecretOnlyWithinTheRetentionWindow() throws Exception {
		String iam = iamToken("ready");
		String saId = createServiceAccount(iam, folderId(iam, "default"), "replayed");
		String body = "{\"serviceAccountId\":\"" + saId + "\",\"scopes\":[\"yc.ai.languageModels.execute\"]}";
		String key = UUID.randomUUID().toString();
		JsonNode first = createKeyWith(iam, body, key);
		String secret = first.get("secret").asString();
		assertThat(createKeyWith(iam, body, key).get("secret").asString()).isEqualTo(secret);

		SandboxTestClock.CLOCK.advance(Duration.ofHours(1).plusSeconds(1));
		JsonNode late = createKeyWith(iam, body, key);
		assertThat(late.toString()).doesNotContain(secret);
		assertThat(late.get("apiKey").get("id").asString()).isNotEqualTo(first.get("apiKey").get("id").asString());
	}

	JsonNode createKeyWith(String iam, String body, String idempotencyKey) {
		Resp resp = post("/sandbox/iam/iam/v1/apiKeys", iam, body, "Idempotency-Key", idempotencyKey);
		assertThat(resp.status()).as(resp.body()).isEqualTo(200);
		return resp.json();
	}

	@Test
	void theStoredReplayDoesNotPrintTheSecret() {
		SandboxWorld.IdempotencyRec rec = new SandboxWorld.IdempotencyRec("POST /sandbox/iam/iam/v1/apiKeys?",
				SandboxJson.tree("{}"), null, 200, "{\"secret\":\"AQVNcanary7f3a9c\"}", Instant.now());
		assertThat(rec.toString()).doesNotContain("AQVNcanary7f3a9c").contains("apiKeys");
	}

}
