package dev.aikeywizard.wizard;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.aikeywizard.support.FaultyUpstream;
import dev.aikeywizard.support.FaultyUpstream.Mode;
import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.ProblemPage;
import dev.aikeywizard.support.SandboxCounts;
import dev.aikeywizard.support.WizardHttpClient;
import dev.aikeywizard.support.WizardHttpClient.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.aikeywizard.support.ProblemPage.assertNoStackTrace;
import static dev.aikeywizard.support.ProblemPage.assertUpstreamProblem;
import static dev.aikeywizard.support.ProblemPage.pressRetry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wizard against a failing upstream. Every cloud endpoint points at a {@link FaultyUpstream} in front of the
 * sandbox (Yandex ID sign-in goes to the sandbox directly), so a test can refuse connections, hang past the read
 * timeout, or apply a change and lose its answer, at the step it chooses. The user must get the app's problem page
 * with a Retry, Retry must carry on from the same step once the outage is over, and the sandbox must end up with
 * exactly one service account, one binding and one key.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "app.cloud.http.connect-timeout=1s", "app.cloud.http.read-timeout=1s",
				"app.cloud.retry.max-attempts=3", "app.cloud.retry.initial-backoff=100ms",
				"app.cloud.retry.max-backoff=1s", "app.sandbox.slow-delay=300ms",
				"app.sandbox.role-propagation-delay=200ms" })
class UpstreamFaultsIT {

	static final int PORT = FreePort.find();

	static final FaultyUpstream UPSTREAM = new FaultyUpstream(FreePort.find(), PORT).mode(Mode.UP);

	static final String BASE = "http://localhost:" + PORT;

	@DynamicPropertySource
	static void ports(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
		String cloud = "http://127.0.0.1:" + UPSTREAM.port() + "/sandbox";
		registry.add("app.cloud.endpoints.iam", () -> cloud + "/iam");
		registry.add("app.cloud.endpoints.resource-manager", () -> cloud + "/resource-manager");
		registry.add("app.cloud.endpoints.billing", () -> cloud + "/billing");
		registry.add("app.cloud.endpoints.operation", () -> cloud + "/operation");
		registry.add("app.cloud.endpoints.llm", () -> cloud + "/llm");
	}

	@Autowired
	MeterRegistry meters;

	@AfterEach
	void upstreamBack() {
		UPSTREAM.mode(Mode.UP);
	}

	@AfterAll
	static void stop() {
		UPSTREAM.close();
	}

	@Test
	void flakyUpstreamStillGivesOneServiceAccountOneBindingOneKey() {
		SandboxCounts before = SandboxCounts.of(BASE, "flaky");
		WizardHttpClient browser = new WizardHttpClient(BASE).onExchange(ProblemPage::assertNoStackTrace);
		assertThat(browser.signIn("flaky", false).uri()).endsWith("/wizard/cloud");
		Exchange result = browser.express(Duration.ofSeconds(90));
		assertThat(WizardHttpClient.secret(result.body())).as("secret after the express path: %s", result.body())
			.isPresent();
		assertThat(SandboxCounts.of(BASE, "flaky").minus(before)).isEqualTo(new SandboxCounts(1, 1, 1));
		// The retried failures are visible in the upstream metric, by rpc code.
		assertThat(attempts("outcome", "RESOURCE_EXHAUSTED")).isPositive();
		assertThat(attempts("outcome", "UNAVAILABLE")).isPositive();
	}

	private long attempts(String... tags) {
		return this.meters.find("cloud.client.requests").tags(tags).timers().stream().mapToLong(Timer::count).sum();
	}

	@Test
	void slowUpstreamStillGivesOneOfEachWithinTheTimeouts() {
		SandboxCounts before = SandboxCounts.of(BASE, "slow");
		WizardHttpClient browser = new WizardHttpClient(BASE).onExchange(ProblemPage::assertNoStackTrace);
		assertThat(browser.signIn("slow", false).uri()).endsWith("/wizard/cloud");
		long started = System.nanoTime();
		Exchange result = browser.express(Duration.ofSeconds(90));
		long millis = (System.nanoTime() - started) / 1_000_000;
		assertThat(WizardHttpClient.secret(result.body())).as("secret after the express path: %s", result.body())
			.isPresent();
		assertThat(browser.exchanges()).noneSatisfy((e) -> assertThat(e.status()).isGreaterThanOrEqualTo(500));
		assertThat(SandboxCounts.of(BASE, "slow").minus(before)).isEqualTo(new SandboxCounts(1, 1, 1));
		System.out.println("[measure] slow persona (300 ms per call): express path in " + millis + " ms");
	}

	/**
	 * Step by step as ready: the upstream hangs, then refuses, right after the service account step. Each request
	 * gets the problem page; once the upstream is back, Retry grants the role and the wizard goes on to the scope
	 * step; then the key's answer is lost and Retry shows the one key that was made.
	 */
	@Test
	void outageAfterTheServiceAccountStepContinuesFromThatStep() {
		SandboxCounts before = SandboxCounts.of(BASE, "ready");
		WizardHttpClient browser = new WizardHttpClient(BASE);
		Exchange cloud = browser.signIn("ready", false);
		assertThat(cloud.uri()).endsWith("/wizard/cloud");
		String cloudId = WizardHttpClient.selected(cloud.body(), "cloudId").orElseThrow();
		String folderId = WizardHttpClient.selected(cloud.body(), "folderId").orElseThrow();
		Exchange serviceAccount = browser.follow(browser.post("/wizard/cloud",
				Map.of("cloudId", cloudId, "folderId", folderId, "_csrf", WizardHttpClient.csrf(cloud.body())), Map.of()));
		assertThat(serviceAccount.uri()).endsWith("/wizard/service-account");
		Exchange roles = browser.follow(browser.post("/wizard/service-account", Map.of("name", "ai-faults-outage",
				"description", "", "_csrf", WizardHttpClient.csrf(serviceAccount.body())), Map.of()));
		assertThat(roles.uri()).endsWith("/wizard/roles");
		String csrf = WizardHttpClient.csrf(roles.body());

		// (The roles page itself makes no call for an account this run created: the grant is the first call.)
		UPSTREAM.mode(Mode.HANG);
		long started = System.nanoTime();
		Exchange hung = browser.post("/wizard/roles", Map.of("roles", FoundationRole.RECOMMENDED.id(), "_csrf", csrf),
				Map.of());
		long hungMillis = (System.nanoTime() - started) / 1_000_000;
		assertUpstreamProblem(hung);
		assertThat(hung.body()).contains("data-step=\"roles\"");
		assertThat(hungMillis).as("3 attempts of 1 s read timeout plus backoff").isLessThan(15_000);
		assertThat(attempts("api", "resource-manager", "outcome", "unreachable")).isGreaterThanOrEqualTo(3);

		UPSTREAM.mode(Mode.REFUSE);
		Exchange refused = pressRetry(browser, hung);
		assertUpstreamProblem(refused);
		assertThat(refused.body()).contains("data-step=\"roles\"");
		Exchange refusedAgain = pressRetry(browser, refused);
		assertUpstreamProblem(refusedAgain);

		UPSTREAM.mode(Mode.UP);
		Exchange scope = pressRetry(browser, refusedAgain);
		assertThat(scope.status()).isEqualTo(200);
		assertThat(scope.uri()).endsWith("/wizard/scope");
		assertThat(SandboxCounts.of(BASE, "ready").minus(before)).isEqualTo(new SandboxCounts(1, 1, 0));

		UPSTREAM.mode(Mode.LOSE_MUTATION_RESPONSES);
		Map<String, String> keyForm = new LinkedHashMap<>();
		keyForm.put("scopes", KeyScope.LANGUAGE_MODELS.id());
		keyForm.put("expiresOn", LocalDate.now().plusDays(30).toString());
		keyForm.put("description", "faults");
		keyForm.put("_csrf", WizardHttpClient.csrf(scope.body()));
		Exchange lost = browser.post("/wizard/key", keyForm, Map.of());
		assertUpstreamProblem(lost);
		assertThat(WizardHttpClient.secret(lost.body())).isEmpty();
		assertThat(SandboxCounts.of(BASE, "ready").minus(before).keys()).as("the key was made upstream").isEqualTo(1);

		UPSTREAM.mode(Mode.UP);
		Exchange key = pressRetry(browser, lost);
		assertThat(key.status()).isEqualTo(200);
		assertThat(WizardHttpClient.secret(key.body())).as("the secret of the key made before: %s", key.body())
			.isPresent();
		assertThat(SandboxCounts.of(BASE, "ready").minus(before)).isEqualTo(new SandboxCounts(1, 1, 1));
		assertThat(browser.exchanges()).allSatisfy(ProblemPage::assertNoStackTrace);
		System.out.println("[measure] hanging upstream: problem page after " + hungMillis + " ms");
	}

	/**
	 * Express path as trial: the service account is created but the answer is lost; Retry finds it and reuses it.
	 * Then the role binding is made but its answer is lost; Retry finds the binding and goes on to the key.
	 */
	@Test
	void changesAppliedUpstreamButUnansweredAreReusedOnRetry() {
		SandboxCounts before = SandboxCounts.of(BASE, "trial");
		WizardHttpClient browser = new WizardHttpClient(BASE);
		Exchange cloud = browser.signIn("trial", false);
		String cloudId = WizardHttpClient.selected(cloud.body(), "cloudId").orElseThrow();
		String folderId = WizardHttpClient.selected(cloud.body(), "folderId").orElseThrow();

		UPSTREAM.mode(Mode.LOSE_MUTATION_RESPONSES);
		Exchange lostAccount = browser.post("/wizard/express",
				Map.of("cloudId", cloudId, "folderId", folderId, "_csrf", WizardHttpClient.csrf(cloud.body())),
				Map.of());
		assertUpstreamProblem(lostAccount);
		assertThat(lostAccount.body()).contains("data-step=\"service-account\"");
		assertThat(SandboxCounts.of(BASE, "trial").minus(before).serviceAccounts()).isEqualTo(1);

		UPSTREAM.mode(Mode.UP);
		Exchange progress = pressRetry(browser, lostAccount);
		assertThat(progress.status()).isEqualTo(200);
		assertThat(progress.body()).contains("data-testid=\"progress\"");
		assertThat(SandboxCounts.of(BASE, "trial").minus(before)).isEqualTo(new SandboxCounts(1, 0, 0));

		UPSTREAM.mode(Mode.LOSE_MUTATION_RESPONSES);
		Exchange lostBinding = browser.post("/wizard/progress", Map.of("_csrf", WizardHttpClient.csrf(progress.body())),
				Map.of());
		assertUpstreamProblem(lostBinding);
		assertThat(lostBinding.body()).contains("data-step=\"roles\"");
		assertThat(SandboxCounts.of(BASE, "trial").minus(before)).isEqualTo(new SandboxCounts(1, 1, 0));

		// Retry grants again with the same Idempotency-Key: the cloud answers with the grant it made, no second one.
		UPSTREAM.mode(Mode.UP);
		Exchange result = browser.untilKey(pressRetry(browser, lostBinding), Duration.ofSeconds(30));
		assertThat(WizardHttpClient.secret(result.body())).as("secret after Retry: %s", result.body()).isPresent();
		assertThat(SandboxCounts.of(BASE, "trial").minus(before)).isEqualTo(new SandboxCounts(1, 1, 1));
		assertThat(browser.exchanges()).allSatisfy(ProblemPage::assertNoStackTrace);
	}

	/**
	 * Signing in while the cloud refuses connections: the first wizard page is the problem page (also as an htmx
	 * fragment), and Retry after the outage lands on the step the user belongs on.
	 */
	@Test
	void signInDuringAnOutageShowsTheProblemAndRetryGoesOn() {
		WizardHttpClient browser = new WizardHttpClient(BASE);
		UPSTREAM.mode(Mode.REFUSE);
		Exchange first = browser.signIn("nobilling", false);
		assertUpstreamProblem(first);
		assertThat(first.uri()).endsWith("/wizard");

		Exchange fragment = browser.get("/wizard/billing",
				Map.of("HX-Request", "true", "HX-Current-URL", BASE + "/wizard"));
		assertThat(fragment.status()).isEqualTo(503);
		assertThat(fragment.body()).contains("data-testid=\"problem\"").contains("data-testid=\"retry\"");
		assertNoStackTrace(fragment);

		UPSTREAM.mode(Mode.UP);
		Exchange billing = pressRetry(browser, first);
		assertThat(billing.status()).isEqualTo(200);
		// the entry shows the billing step in place (from the same reads) when billing does not pass
		assertThat(billing.uri()).endsWith("/wizard");
		assertThat(billing.body()).contains("data-testid=\"billing-guidance\"");
		assertThat(browser.exchanges()).allSatisfy(ProblemPage::assertNoStackTrace);
	}

}
