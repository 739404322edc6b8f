package dev.aikeywizard.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code form-action} allows this origin and Yandex ID's: Chromium applies it to the redirects after a form post, and
 * a post without JavaScript can end at the authorization URI (a wizard form sent after the session expired).
 */
// The same settings as SandboxDisabledTests, so both share one application context.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "app.sandbox.enabled=false", "spring.security.oauth2.client.registration.yandex.client-id=x",
				"spring.security.oauth2.client.registration.yandex.client-secret=y",
				"spring.security.oauth2.client.provider.yandex.authorization-uri=https://oauth.yandex.ru/authorize",
				"spring.security.oauth2.client.provider.yandex.token-uri=https://oauth.yandex.ru/token",
				"spring.security.oauth2.client.provider.yandex.user-info-uri=https://login.yandex.ru/info" })
class ContentSecurityPolicyTests {

	@LocalServerPort
	int port;

	@Test
	void formActionNamesTheOriginOfTheConfiguredAuthorizationUri() throws Exception {
		HttpResponse<String> home = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(home.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(csp) -> assertThat(csp).contains("form-action 'self' https://oauth.yandex.ru;")
					.contains("default-src 'self';")
					.contains("frame-ancestors 'none'"));
	}

	@Test
	void theOriginKeepsAPortAndDropsThePath() {
		String sandbox = "http://127.0.0.1:8090/sandbox/oauth/authorize";
		assertThat(SecurityConfiguration.contentSecurityPolicy(registrations(sandbox)))
			.contains("form-action 'self' http://127.0.0.1:8090;");
		String yandex = "https://oauth.yandex.ru/authorize?force_confirm=yes";
		assertThat(SecurityConfiguration.contentSecurityPolicy(registrations(yandex)))
			.contains("form-action 'self' https://oauth.yandex.ru;");
	}

	private static InMemoryClientRegistrationRepository registrations(String authorizationUri) {
		return new InMemoryClientRegistrationRepository(ClientRegistration.withRegistrationId("yandex")
			.clientId("x")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.authorizationUri(authorizationUri)
			.tokenUri("https://oauth.yandex.ru/token")
			.build());
	}

}
