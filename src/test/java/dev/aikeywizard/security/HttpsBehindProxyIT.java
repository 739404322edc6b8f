package dev.aikeywizard.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.aikeywizard.support.FreePort;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a TLS-terminating proxy (X-Forwarded-Proto: https from a trusted address): HSTS is sent and the session
 * cookie is Secure; over plain HTTP neither. The session cookie is HttpOnly and SameSite=Lax either way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class HttpsBehindProxyIT {

	static final int PORT = FreePort.find();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
	}

	private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	private HttpResponse<String> startSignIn(boolean viaHttpsProxy) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + PORT + "/oauth2/authorization/yandex"));
		if (viaHttpsProxy) {
			request.header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "203.0.113.7");
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void httpsBehindAProxyGetsHstsAndASecureSessionCookie() throws Exception {
		HttpResponse<String> response = startSignIn(true);
		assertThat(response.headers().firstValue("Strict-Transport-Security")).isPresent();
		List<String> cookies = response.headers().allValues("Set-Cookie");
		assertThat(cookies).anySatisfy((cookie) -> assertThat(cookie).startsWith("JSESSIONID=")
			.contains("Secure")
			.contains("HttpOnly")
			.containsIgnoringCase("SameSite=Lax"));
	}

	@Test
	void plainHttpGetsNeither() throws Exception {
		HttpResponse<String> response = startSignIn(false);
		assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
		assertThat(response.headers().allValues("Set-Cookie")).anySatisfy((cookie) -> assertThat(cookie)
			.startsWith("JSESSIONID=")
			.doesNotContain("Secure")
			.contains("HttpOnly")
			.containsIgnoringCase("SameSite=Lax"));
	}

}
