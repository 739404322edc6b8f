package dev.aikeywizard.security;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.WizardHttpClient;
import dev.aikeywizard.support.WizardHttpClient.Exchange;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A step page asked for without a session sends the visitor to sign in and brings them back to it afterwards, and
 * creates no HTTP session on the way (robots.txt lets crawlers see the step pages; with the {@code redis} profile each
 * such request used to be a session in Redis): the way back is a cookie.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class SignInReturnIT {

	static final int PORT = FreePort.find();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
	}

	@Test
	void aStepPageWithoutASessionCreatesNoneAndSignInReturnsToIt() {
		WizardHttpClient browser = new WizardHttpClient("http://localhost:" + PORT);
		Exchange anonymous = browser.get("/wizard/cloud");
		assertThat(anonymous.status()).isEqualTo(302);
		assertThat(URI.create(anonymous.location()).getPath()).isEqualTo("/oauth2/authorization/yandex");
		List<String> cookies = anonymous.headers().getOrDefault("set-cookie", List.of());
		assertThat(cookies).as("no HTTP session for an anonymous visitor")
			.noneMatch((cookie) -> cookie.startsWith("JSESSIONID=") || cookie.startsWith("SESSION="));
		assertThat(cookies).as("the way back")
			.anyMatch((cookie) -> cookie.startsWith("REDIRECT_URI=") && cookie.contains("HttpOnly")
					&& cookie.contains("SameSite=Lax"));

		Exchange authorize = browser.follow(anonymous);
		Exchange signedIn = browser.choosePersona(authorize, "ready", false);
		Exchange callback = browser.exchanges()
			.stream()
			.filter((exchange) -> URI.create(exchange.uri()).getPath().equals("/login/oauth2/code/yandex"))
			.findFirst()
			.orElseThrow();
		assertThat(URI.create(callback.location()).getPath()).as("back to the page asked for")
			.isEqualTo("/wizard/cloud");
		assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
		Exchange returned = browser.exchanges().get(browser.exchanges().indexOf(callback) + 1);
		assertThat(returned.headers().getOrDefault("set-cookie", List.of())).as("the way back is forgotten once used")
			.anyMatch((cookie) -> cookie.startsWith("REDIRECT_URI=;"));
		browser.post("/logout", Map.of("_csrf", WizardHttpClient.csrf(signedIn.body())), Map.of());
	}

}
