package dev.aikeywizard.wizard;

import java.time.Duration;

import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.WizardHttpClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The express path over plain HTTP, as htmx drives it: sign-in, one POST, polls, the secret, a verified key. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = "app.sandbox.role-propagation-delay=500ms")
class ExpressOverHttpIT {

	static final int PORT = FreePort.find();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
	}

	@Test
	void expressPathEndsWithAVerifiedKeyAndTheSecretInExactlyOneResponse() {
		WizardHttpClient browser = new WizardHttpClient("http://localhost:" + PORT);
		WizardHttpClient.Exchange first = browser.signIn("ready", false);
		assertThat(first.uri()).endsWith("/wizard/cloud");
		WizardHttpClient.Exchange result = browser.express(Duration.ofSeconds(60));
		String secret = WizardHttpClient.secret(result.body()).orElseThrow(
				() -> new AssertionError("no secret in the last response: " + result.status() + " " + result.body()));
		assertThat(result.headers().get("cache-control")).anySatisfy((v) -> assertThat(v).contains("no-store"));
		String csrf = WizardHttpClient.csrf(result.body());
		assertThat(browser.verify(secret, csrf, Duration.ofSeconds(30))).isEqualTo("success");
		assertThat(browser.exchanges()).filteredOn((e) -> e.body().contains(secret)).hasSize(1);
		assertThat(browser.exchanges()).noneSatisfy((e) -> assertThat(e.uri() + e.headersAsText()).contains(secret));
	}

}
