package dev.aikeywizard.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code app.sandbox.enabled=false} and a real Yandex ID client nothing of the emulator is registered, served or shown. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "app.sandbox.enabled=false", "spring.security.oauth2.client.registration.yandex.client-id=x",
				"spring.security.oauth2.client.registration.yandex.client-secret=y",
				"spring.security.oauth2.client.provider.yandex.authorization-uri=https://oauth.yandex.ru/authorize",
				"spring.security.oauth2.client.provider.yandex.token-uri=https://oauth.yandex.ru/token",
				"spring.security.oauth2.client.provider.yandex.user-info-uri=https://login.yandex.ru/info" })
class SandboxDisabledTests {

	@Autowired
	ApplicationContext context;

	@LocalServerPort
	int port;

	@Test
	void noSandboxBeansAndNoSandboxEndpoints() throws Exception {
		assertThat(this.context.getBeansOfType(SandboxWorlds.class)).isEmpty();
		assertThat(this.context.getBeansOfType(SandboxIamController.class)).isEmpty();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/sandbox/endpoints")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isNotEqualTo(200);
	}

	@Test
	void pagesShowNoSandboxBadge() throws Exception {
		HttpResponse<String> home = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(home.body()).contains("data-testid=\"sign-in\"").doesNotContain("sandbox-badge");
	}

}
