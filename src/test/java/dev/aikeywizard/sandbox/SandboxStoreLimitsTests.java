package dev.aikeywizard.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anonymous callers cannot make the sandbox hold ever more credentials: each store keeps at most
 * {@code app.sandbox.max-entries} (here 20), dropping the oldest, and forgets what has expired.
 */
@TestPropertySource(properties = "app.sandbox.max-entries=20")
@Import(SandboxTestClock.Worlds.class)
class SandboxStoreLimitsTests extends SandboxTestSupport {

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

}
