package dev.aikeywizard.sandbox;

import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security's own OAuth2 client logs in against the emulated Yandex ID, configured only by application.yml:
 * proof that the authorize redirect, the token response and user info are what a standard client expects. The
 * server calls its own token and user-info URIs, so this test runs on a fixed free port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@Import(SandboxSpringLoginTests.LoginConfiguration.class)
class SandboxSpringLoginTests {

	static final int PORT = freePort();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
	}

	@Test
	void springOAuth2LoginCompletesAgainstTheSandbox() throws Exception {
		HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		HttpResponse<String> start = get(browser, "http://localhost:" + PORT + "/oauth2/authorization/yandex");
		assertThat(start.statusCode()).isEqualTo(302);
		URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
		assertThat(authorize.getPath()).isEqualTo("/sandbox/oauth/authorize");

		HttpResponse<String> page = get(browser, authorize.toString());
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);

		Map<String, String> form = new LinkedHashMap<>();
		for (String pair : authorize.getRawQuery().split("&")) {
			String[] kv = pair.split("=", 2);
			form.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
		}
		form.put("persona", "ready");
		HttpResponse<String> confirmed = browser.send(HttpRequest.newBuilder(authorize.resolve("/sandbox/oauth/authorize"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form.entrySet()
				.stream()
				.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"))))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(confirmed.statusCode()).isEqualTo(302);

		HttpResponse<String> callback = get(browser, confirmed.headers().firstValue("Location").orElseThrow());
		assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
		assertThat(callback.headers().firstValue("Location").orElseThrow()).doesNotContain("error");

		HttpResponse<String> me = get(browser, "http://localhost:" + PORT + "/test-whoami");
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).isEqualTo("anna.petrova");
	}

	private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	@Import(WhoAmI.class)
	static class LoginConfiguration {

		@Bean
		SecurityFilterChain testLoginChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.oauth2Login(Customizer.withDefaults());
			return http.build();
		}

	}

	@RestController
	static class WhoAmI {

		@GetMapping("/test-whoami")
		String whoami(Principal principal) {
			return principal.getName();
		}

	}

}
