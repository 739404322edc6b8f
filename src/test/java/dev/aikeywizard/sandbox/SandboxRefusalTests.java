package dev.aikeywizard.sandbox;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code app.sandbox.refuse-oauth-exchange=true}: only Yandex Cloud's own OAuth tokens are exchanged. */
@TestPropertySource(properties = "app.sandbox.refuse-oauth-exchange=true")
class SandboxRefusalTests extends SandboxTestSupport {

	@Test
	void tokensOfTheAppAreRefusedButCloudTokensAreAccepted() throws Exception {
		Resp refused = send("POST", "/sandbox/iam/iam/v1/tokens", null,
				"{\"yandexPassportOauthToken\":\"" + oauthToken("ready", false) + "\"}");
		assertStatus(refused, 401, 16, "OAuth token");

		Resp shown = form("/sandbox/oauth/authorize", Map.of("response_type", "token", "client_id",
				"1a6990aa636648e9b2ef855fa7bec2fb", "persona", "ready"));
		Matcher matcher = Pattern.compile("value=\"(y0_[A-Za-z0-9_-]+)\"").matcher(shown.body());
		assertThat(matcher.find()).isTrue();
		Resp accepted = send("POST", "/sandbox/iam/iam/v1/tokens", null,
				"{\"yandexPassportOauthToken\":\"" + matcher.group(1) + "\"}");
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
	}

}
