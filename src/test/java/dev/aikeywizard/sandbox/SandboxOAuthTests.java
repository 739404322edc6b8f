package dev.aikeywizard.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulated Yandex ID: authorize page, code flow with PKCE, client authentication, refresh, user info. */
class SandboxOAuthTests extends SandboxTestSupport {

	@Test
	void authorizePageOffersOneButtonPerPersonaAndTheRefusalCheckbox() throws Exception {
		Resp page = send("GET", "/sandbox/oauth/authorize?" + encode(authorizeParams(s256(VERIFIER))), null, null);
		assertThat(page.status()).isEqualTo(200);
		for (String persona : new String[] { "ready", "trial", "nobilling", "viewer", "flaky", "slow", "managed",
				"taken" }) {
			assertThat(page.body()).contains("data-testid=\"persona-" + persona + "\"");
		}
		assertThat(page.body()).contains("data-testid=\"refuse-exchange\"")
			.contains("Simulate: Yandex Cloud IAM refuses this app");
	}

	@Test
	void authorizeRejectsAnUnknownClientAMissingRedirectAndABadPkceMethod() throws Exception {
		Map<String, String> unknown = authorizeParams(null);
		unknown.put("client_id", "someone-else");
		assertThat(send("GET", "/sandbox/oauth/authorize?" + encode(unknown), null, null).status()).isEqualTo(400);
		Map<String, String> noRedirect = authorizeParams(null);
		noRedirect.remove("redirect_uri");
		assertThat(send("GET", "/sandbox/oauth/authorize?" + encode(noRedirect), null, null).status()).isEqualTo(400);
		Map<String, String> badMethod = authorizeParams(s256(VERIFIER));
		badMethod.put("code_challenge_method", "S512");
		assertThat(send("GET", "/sandbox/oauth/authorize?" + encode(badMethod), null, null).status()).isEqualTo(400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://evil.example/login/oauth2/code/yandex",
			"http://localhost.evil.example:8080/login/oauth2/code/yandex",
			"http://localhost:8080@evil.example/login/oauth2/code/yandex",
			"http://localhost:8080/login/oauth2/code/yandex/../../../steal", "http://localhost:8080/elsewhere",
			"http://localhost:8080/login/oauth2/code/yandex#fragment", "//evil.example/login/oauth2/code/yandex" })
	void anUnregisteredRedirectUriGetsAnErrorPageAndNeverACode(String redirectUri) throws Exception {
		Map<String, String> params = authorizeParams(s256(VERIFIER));
		params.put("redirect_uri", redirectUri);
		Resp page = send("GET", "/sandbox/oauth/authorize?" + encode(params), null, null);
		assertThat(page.status()).isEqualTo(400);
		assertThat(page.header("Location")).isNull();
		assertThat(page.body()).contains("data-testid=\"oauth-error\"").contains("redirect_uri");

		params.put("persona", "ready");
		Resp confirm = form("/sandbox/oauth/authorize", params);
		assertThat(confirm.status()).isEqualTo(400);
		assertThat(confirm.header("Location")).isNull();
		assertThat(confirm.body()).contains("data-testid=\"oauth-error\"");
		assertThat(this.worlds.codes.size()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:8080/login/oauth2/code/yandex",
			"http://localhost:41234/login/oauth2/code/yandex", "http://127.0.0.1:8080/login/oauth2/code/yandex",
			"http://[::1]:8080/login/oauth2/code/yandex" })
	void theAppsCallbackOnALoopbackHostIsAcceptedAtAnyPort(String redirectUri) throws Exception {
		Map<String, String> params = authorizeParams(s256(VERIFIER));
		params.put("redirect_uri", redirectUri);
		params.put("persona", "ready");
		Resp redirect = form("/sandbox/oauth/authorize", params);
		assertThat(redirect.status()).as(redirect.body()).isEqualTo(302);
		assertThat(redirect.header("Location")).startsWith(redirectUri + "?code=");
	}

	@Test
	void theTokenRequestMustNameTheRedirectUriTheCodeWasIssuedFor() throws Exception {
		Map<String, String> other = tokenForm(authorizationCode("ready", false), VERIFIER);
		other.put("redirect_uri", "http://127.0.0.1:8080/login/oauth2/code/yandex");
		Resp mismatch = form("/sandbox/oauth/token", other);
		assertThat(mismatch.status()).isEqualTo(400);
		assertThat(mismatch.json().get("error").asString()).isEqualTo("invalid_grant");

		Map<String, String> missing = tokenForm(authorizationCode("ready", false), VERIFIER);
		missing.remove("redirect_uri");
		Resp absent = form("/sandbox/oauth/token", missing);
		assertThat(absent.status()).isEqualTo(400);
		assertThat(absent.json().get("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void codeFlowWithTheRightVerifierGivesABearerTokenAndTheCodeIsSingleUse() throws Exception {
		String code = authorizationCode("ready", false);
		Resp token = form("/sandbox/oauth/token", tokenForm(code, VERIFIER));
		assertThat(token.status()).as(token.body()).isEqualTo(200);
		assertThat(token.header("Cache-Control")).contains("no-store");
		JsonNode json = token.json();
		assertThat(json.get("access_token").asString()).matches("y0_[A-Za-z0-9_-]+");
		assertThat(json.get("token_type").asString()).isEqualTo("bearer");
		assertThat(json.get("expires_in").asLong()).isPositive();
		assertThat(json.get("refresh_token").asString()).isNotEmpty();
		assertThat(json.get("scope").asString()).contains("login:info");

		Resp reuse = form("/sandbox/oauth/token", tokenForm(code, VERIFIER));
		assertThat(reuse.status()).isEqualTo(400);
		assertThat(reuse.json().get("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void wrongOrMissingVerifierIsInvalidGrant() throws Exception {
		Resp wrong = form("/sandbox/oauth/token", tokenForm(authorizationCode("ready", false), VERIFIER + "x"));
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.json().get("error").asString()).isEqualTo("invalid_grant");
		assertThat(wrong.json().get("error_description").asString()).isNotEmpty();
		Resp missing = form("/sandbox/oauth/token", tokenForm(authorizationCode("ready", false), null));
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.json().get("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void plainPkceIsAccepted() throws Exception {
		Map<String, String> params = authorizeParams(null);
		params.put("code_challenge", VERIFIER);
		params.put("code_challenge_method", "plain");
		params.put("persona", "trial");
		Resp redirect = form("/sandbox/oauth/authorize", params);
		assertThat(redirect.status()).isEqualTo(302);
		Resp token = form("/sandbox/oauth/token", tokenForm(query(redirect.header("Location"), "code"), VERIFIER));
		assertThat(token.status()).as(token.body()).isEqualTo(200);
	}

	@Test
	void basicClientAuthenticationWinsOverTheBody() throws Exception {
		String basicOk = "Basic " + Base64.getEncoder().encodeToString("sandbox-client:sandbox-secret".getBytes());
		String basicBad = "Basic " + Base64.getEncoder().encodeToString("sandbox-client:wrong".getBytes());

		Map<String, String> noBodyCredentials = tokenForm(authorizationCode("ready", false), VERIFIER);
		noBodyCredentials.remove("client_id");
		noBodyCredentials.remove("client_secret");
		assertThat(form("/sandbox/oauth/token", noBodyCredentials, "Authorization", basicOk).status()).isEqualTo(200);

		// Right credentials in the body, wrong ones in the header: the header counts.
		Resp refused = form("/sandbox/oauth/token", tokenForm(authorizationCode("ready", false), VERIFIER),
				"Authorization", basicBad);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.json().get("error").asString()).isEqualTo("invalid_client");

		Map<String, String> badBody = tokenForm(authorizationCode("ready", false), VERIFIER);
		badBody.put("client_secret", "wrong");
		assertThat(form("/sandbox/oauth/token", badBody).json().get("error").asString()).isEqualTo("invalid_client");
	}

	@Test
	void unsupportedGrantAndMissingCode() throws Exception {
		Map<String, String> password = tokenForm("x", null);
		password.put("grant_type", "password");
		Resp unsupported = form("/sandbox/oauth/token", password);
		assertThat(unsupported.status()).isEqualTo(400);
		assertThat(unsupported.json().get("error").asString()).isEqualTo("unsupported_grant_type");
		Map<String, String> noCode = tokenForm("x", null);
		noCode.remove("code");
		assertThat(form("/sandbox/oauth/token", noCode).json().get("error").asString()).isEqualTo("invalid_request");
	}

	@Test
	void refreshTokenGivesANewRefreshTokenAndIsSingleUse() throws Exception {
		Resp first = form("/sandbox/oauth/token", tokenForm(authorizationCode("ready", false), VERIFIER));
		String refresh = first.json().get("refresh_token").asString();
		Map<String, String> refreshForm = Map.of("grant_type", "refresh_token", "refresh_token", refresh, "client_id",
				"sandbox-client", "client_secret", "sandbox-secret");
		Resp second = form("/sandbox/oauth/token", refreshForm);
		assertThat(second.status()).as(second.body()).isEqualTo(200);
		assertThat(second.json().get("refresh_token").asString()).isNotEqualTo(refresh);
		assertThat(form("/sandbox/oauth/token", refreshForm).json().get("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void userInfoAcceptsOAuthAndBearerHeadersAndTheQueryParameter() throws Exception {
		String token = oauthToken("ready", false);
		for (String auth : new String[] { "OAuth " + token, "Bearer " + token }) {
			Resp info = send("GET", "/sandbox/login/info?format=json", auth, null);
			assertThat(info.status()).isEqualTo(200);
			JsonNode json = info.json();
			assertThat(json.get("id").isString()).isTrue();
			assertThat(json.get("login").asString()).isEqualTo("anna.petrova");
			assertThat(json.get("client_id").asString()).isEqualTo("sandbox-client");
			assertThat(json.get("psuid").asString()).isNotEmpty();
			assertThat(json.get("default_email").asString()).isEqualTo("anna.petrova@yandex.ru");
			assertThat(json.get("emails").get(0).asString()).isEqualTo("anna.petrova@yandex.ru");
			assertThat(json.get("display_name").asString()).isEqualTo("Anna Petrova");
			assertThat(json.get("first_name").asString()).isEqualTo("Anna");
			assertThat(json.has("sex")).isTrue();
		}
		assertThat(send("GET", "/sandbox/login/info?format=json&oauth_token="
				+ URLEncoder.encode(token, StandardCharsets.UTF_8), null, null).status()).isEqualTo(200);
		assertThat(send("GET", "/sandbox/login/info?format=json", null, null).status()).isEqualTo(401);
		assertThat(send("GET", "/sandbox/login/info?format=json", "OAuth y0_unknown", null).status()).isEqualTo(401);
	}

	@Test
	void cloudImplicitFlowShowsATokenThatIamAccepts() throws Exception {
		String query = "response_type=token&client_id=1a6990aa636648e9b2ef855fa7bec2fb";
		Resp page = send("GET", "/sandbox/oauth/authorize?" + query, null, null);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("data-testid=\"persona-ready\"").doesNotContain("refuse-exchange");
		Resp shown = form("/sandbox/oauth/authorize", Map.of("response_type", "token", "client_id",
				"1a6990aa636648e9b2ef855fa7bec2fb", "persona", "ready"));
		assertThat(shown.status()).isEqualTo(200);
		Matcher matcher = Pattern.compile("value=\"(y0_[A-Za-z0-9_-]+)\"[^>]*data-testid=\"cloud-oauth-token\"")
			.matcher(shown.body());
		assertThat(matcher.find()).as(shown.body()).isTrue();
		Resp iam = send("POST", "/sandbox/iam/iam/v1/tokens", null,
				"{\"yandexPassportOauthToken\":\"" + matcher.group(1) + "\"}");
		assertThat(iam.status()).as(iam.body()).isEqualTo(200);
		assertThat(iam.json().get("iamToken").asString()).startsWith("t1.");
	}

	@Test
	void cloudClientCannotUseTheCodeFlow() {
		Resp page = send("GET", "/sandbox/oauth/authorize?response_type=code&client_id=1a6990aa636648e9b2ef855fa7bec2fb"
				+ "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb", null, null);
		assertThat(page.status()).isEqualTo(400);
	}

	@Test
	void tokenIssuedWithTheRefusalTickedIsRefusedByIam() throws Exception {
		Resp refused = send("POST", "/sandbox/iam/iam/v1/tokens", null,
				"{\"yandexPassportOauthToken\":\"" + oauthToken("ready", true) + "\"}");
		assertStatus(refused, 401, 16, "OAuth token");
		Resp accepted = send("POST", "/sandbox/iam/iam/v1/tokens", null,
				"{\"yandexPassportOauthToken\":\"" + oauthToken("ready", false) + "\"}");
		assertThat(accepted.status()).isEqualTo(200);
		assertThat(accepted.json().get("expiresAt").asString()).endsWith("Z");
	}

}
