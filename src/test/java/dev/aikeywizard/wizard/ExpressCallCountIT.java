package dev.aikeywizard.wizard;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.UpstreamCallLog;
import dev.aikeywizard.support.WizardHttpClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upstream calls of one express wizard for {@code ready}, from sign-in to a verified key, counted by API and
 * method (not timed): each piece of data is read once per run, nothing is called that no step needs. Operations are
 * done on their first poll and roles apply at once, so the table is exact.
 */
@Import(UpstreamCallLog.Installed.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "app.sandbox.role-propagation-delay=0ms", "app.sandbox.operation-polls=1" })
class ExpressCallCountIT {

	static final int PORT = FreePort.find();

	/**
	 * The calls one express run needs (README, "Benchmarks"): sign-in (token, user info, IAM token), billing and
	 * clouds in parallel (accounts, the one account's bound clouds, clouds), the chosen cloud's folders, the new
	 * service account (created at once: the folder's accounts are read only when its name is taken) and its
	 * operation, the roles and their operation, the key, one tokenize.
	 */
	static final Map<String, Integer> EXPECTED = new TreeMap<>(Map.ofEntries(
			Map.entry("POST /oauth/token", 1),
			Map.entry("GET /login/info", 1),
			Map.entry("POST /iam/iam/v1/tokens", 1),
			Map.entry("GET /billing/billing/v1/billingAccounts", 1),
			Map.entry("GET /billing/billing/v1/billingAccounts/{id}/billableObjectBindings", 1),
			Map.entry("GET /resource-manager/resource-manager/v1/clouds", 1),
			Map.entry("GET /resource-manager/resource-manager/v1/folders", 1),
			Map.entry("POST /iam/iam/v1/serviceAccounts", 1),
			Map.entry("POST /resource-manager/resource-manager/v1/folders/{id}:updateAccessBindings", 1),
			Map.entry("GET /operation/operations/{id}", 2),
			Map.entry("POST /iam/iam/v1/apiKeys", 1),
			Map.entry("POST /llm/foundationModels/v1/tokenize", 1)));

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
	}


	@Autowired
	UpstreamCallLog log;

	@Test
	void oneExpressRunMakesEachCallItNeedsOnce() {
		this.log.clear();
		WizardHttpClient browser = new WizardHttpClient("http://localhost:" + PORT);
		browser.signIn("ready", false);
		WizardHttpClient.Exchange result = browser.express(Duration.ofSeconds(60));
		String secret = WizardHttpClient.secret(result.body()).orElseThrow(
				() -> new AssertionError("no secret in the last response: " + result.status() + " " + result.body()));
		assertThat(secret).isNotBlank();
		// The key page arrives with the key checked (the one tokenize), so the browser makes no second request.
		assertThat(result.body()).containsPattern("data-testid=\"verify\"[^>]*data-state=\"success\"");
		assertThat(browser.verified(result.body(), Duration.ofSeconds(30))).isEqualTo("success");
		assertThat(this.log.counts()).as(String.join("\n", this.log.calls())).isEqualTo(EXPECTED);
	}

	@Test
	void theCloudStepReadsCloudsAndFoldersAgainOnlyWhenAsked() {
		WizardHttpClient browser = new WizardHttpClient("http://localhost:" + PORT);
		browser.signIn("ready", false);
		this.log.clear();
		browser.follow(browser.get("/wizard/cloud"));
		assertThat(this.log.calls()).as("a reload of the cloud step").isEmpty();
		WizardHttpClient.Exchange refreshed = browser.follow(browser.get("/wizard/cloud?refresh=true"));
		// Signed out, so the other test of this class signs in afresh (the IAM token is kept per user until then).
		browser.post("/logout", Map.of("_csrf", WizardHttpClient.csrf(refreshed.body())), Map.of());
		assertThat(this.log.counts()).isEqualTo(Map.of("GET /resource-manager/resource-manager/v1/clouds", 1,
				"GET /resource-manager/resource-manager/v1/folders", 1));
	}

}
