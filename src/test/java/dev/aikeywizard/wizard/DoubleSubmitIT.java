package dev.aikeywizard.wizard;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.ProblemPage;
import dev.aikeywizard.support.SandboxCounts;
import dev.aikeywizard.support.WizardHttpClient;
import dev.aikeywizard.support.WizardHttpClient.Exchange;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten impatient clicks at once: the same final POST, same session cookie and CSRF token, from ten threads released
 * together. Exactly one key is made, exactly one response carries its secret, the other nine show the "already
 * issued" page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = "app.sandbox.role-propagation-delay=200ms")
class DoubleSubmitIT {

	static final int PORT = FreePort.find();

	static final String BASE = "http://localhost:" + PORT;

	static final int CLICKS = 10;

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
	}

	@Test
	void tenConcurrentKeyPostsMakeOneKey() throws Exception {
		SandboxCounts before = SandboxCounts.of(BASE, "ready");
		WizardHttpClient browser = new WizardHttpClient(BASE);
		Exchange cloud = browser.signIn("ready", false);
		String cloudId = WizardHttpClient.selected(cloud.body(), "cloudId").orElseThrow();
		String folderId = WizardHttpClient.selected(cloud.body(), "folderId").orElseThrow();
		Exchange serviceAccount = browser.follow(browser.post("/wizard/cloud",
				Map.of("cloudId", cloudId, "folderId", folderId, "_csrf", WizardHttpClient.csrf(cloud.body())), Map.of()));
		Exchange roles = browser.follow(browser.post("/wizard/service-account", Map.of("name", "ai-double-submit",
				"description", "", "_csrf", WizardHttpClient.csrf(serviceAccount.body())), Map.of()));
		Exchange scope = browser.follow(browser.post("/wizard/roles",
				Map.of("roles", FoundationRole.RECOMMENDED.id(), "_csrf", WizardHttpClient.csrf(roles.body())), Map.of()));
		assertThat(scope.uri()).endsWith("/wizard/scope");
		Map<String, String> form = Map.of("scopes", KeyScope.LANGUAGE_MODELS.id(), "expiresOn",
				LocalDate.now().plusDays(30).toString(), "description", "double submit", "_csrf",
				WizardHttpClient.csrf(scope.body()));

		List<Exchange> answers = atOnce(() -> browser.follow(browser.post("/wizard/key", form, Map.of())));

		assertOneSecretAndNineAlreadyIssued(answers);
		assertThat(SandboxCounts.of(BASE, "ready").minus(before)).isEqualTo(new SandboxCounts(1, 1, 1));
	}

	@Test
	void tenConcurrentProgressPostsAtTheEndOfTheExpressPathMakeOneKey() throws Exception {
		SandboxCounts before = SandboxCounts.of(BASE, "trial");
		WizardHttpClient browser = new WizardHttpClient(BASE);
		Exchange cloud = browser.signIn("trial", false);
		String cloudId = WizardHttpClient.selected(cloud.body(), "cloudId").orElseThrow();
		String folderId = WizardHttpClient.selected(cloud.body(), "folderId").orElseThrow();
		// Express: the service account operation is in flight (done on its first poll).
		Exchange progress = browser.follow(browser.post("/wizard/express",
				Map.of("cloudId", cloudId, "folderId", folderId, "_csrf", WizardHttpClient.csrf(cloud.body())),
				Map.of()));
		assertThat(progress.body()).contains("data-testid=\"progress\"");
		String csrf = WizardHttpClient.csrf(progress.body());
		Map<String, String> htmx = Map.of("HX-Request", "true", "HX-Current-URL", BASE + "/wizard/progress");
		// One poll: the service account is done and the role binding operation starts.
		Exchange granting = browser.post("/wizard/progress", Map.of("_csrf", csrf), htmx);
		assertThat(granting.body()).contains("data-testid=\"progress\"");
		assertThat(WizardHttpClient.secret(granting.body())).isEmpty();

		// The next poll finds the binding done and issues the key: ten of them at once.
		// htmx follows a redirect the way the browser does; the pages it lands on count as the answers.
		List<Exchange> answers = atOnce(() -> browser.follow(browser.post("/wizard/progress", Map.of("_csrf", csrf),
				htmx)));

		assertOneSecretAndNineAlreadyIssued(answers);
		assertThat(SandboxCounts.of(BASE, "trial").minus(before)).isEqualTo(new SandboxCounts(1, 1, 1));
	}

	static void assertOneSecretAndNineAlreadyIssued(List<Exchange> answers) {
		answers.forEach(ProblemPage::assertNoStackTrace);
		assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).as(answer.body()).isEqualTo(200));
		List<Exchange> withSecret = answers.stream()
			.filter((answer) -> WizardHttpClient.secret(answer.body()).isPresent())
			.toList();
		assertThat(withSecret).hasSize(1);
		String secret = WizardHttpClient.secret(withSecret.get(0).body()).orElseThrow();
		assertThat(answers).filteredOn((answer) -> answer != withSecret.get(0))
			.hasSize(CLICKS - 1)
			.allSatisfy((answer) -> assertThat(answer.body()).contains("data-testid=\"already-issued\"")
				.doesNotContain(secret));
	}

	/** Sends {@code CLICKS} copies of one request from as many threads, released by one latch. */
	static List<Exchange> atOnce(Supplier<Exchange> request) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(CLICKS);
		try {
			CountDownLatch ready = new CountDownLatch(CLICKS);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<Exchange>> futures = new ArrayList<>();
			for (int i = 0; i < CLICKS; i++) {
				futures.add(threads.submit(() -> {
					ready.countDown();
					go.await();
					return request.get();
				}));
			}
			ready.await(10, TimeUnit.SECONDS);
			go.countDown();
			List<Exchange> answers = new ArrayList<>();
			for (Future<Exchange> future : futures) {
				answers.add(future.get(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS));
			}
			return answers;
		}
		finally {
			threads.shutdownNow();
		}
	}

}
