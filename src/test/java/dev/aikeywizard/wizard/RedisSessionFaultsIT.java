package dev.aikeywizard.wizard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.aikeywizard.support.FaultyUpstream;
import dev.aikeywizard.support.FaultyUpstream.Mode;
import dev.aikeywizard.support.CredentialKeys;
import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.SandboxCounts;
import dev.aikeywizard.support.WizardHttpClient;
import dev.aikeywizard.support.WizardHttpClient.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.session.SessionRepository;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.ReflectionTestUtils;

import static dev.aikeywizard.support.ProblemPage.assertUpstreamProblem;
import static dev.aikeywizard.support.ProblemPage.pressRetry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With sessions in Redis (profile redis, a local redis-server started by the test), the wizard state is only what
 * was written back to the session. A key created upstream whose answer was lost must still be the one key that
 * Retry shows: the idempotency key of the failed attempt has to survive the failed request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "app.cloud.http.connect-timeout=1s", "app.cloud.http.read-timeout=1s",
				"app.cloud.retry.max-attempts=2", "app.cloud.retry.initial-backoff=100ms",
				"app.cloud.retry.max-backoff=500ms", "app.sandbox.slow-delay=200ms" })
@ActiveProfiles("redis")
class RedisSessionFaultsIT {

	static final int PORT = FreePort.find();

	static final String BASE = "http://localhost:" + PORT;

	static final int REDIS_PORT = FreePort.find();

	static final Process REDIS = startRedis();

	static final FaultyUpstream UPSTREAM = new FaultyUpstream(FreePort.find(), PORT).mode(Mode.UP);

	@DynamicPropertySource
	static void ports(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
		registry.add("spring.data.redis.port", () -> REDIS_PORT);
		registry.add("app.credentials.encryption-key", () -> CredentialKeys.ENCRYPTION_KEY);
		String cloud = "http://127.0.0.1:" + UPSTREAM.port() + "/sandbox";
		registry.add("app.cloud.endpoints.iam", () -> cloud + "/iam");
		registry.add("app.cloud.endpoints.resource-manager", () -> cloud + "/resource-manager");
		registry.add("app.cloud.endpoints.billing", () -> cloud + "/billing");
		registry.add("app.cloud.endpoints.operation", () -> cloud + "/operation");
		registry.add("app.cloud.endpoints.llm", () -> cloud + "/llm");
	}

	static Process startRedis() {
		try {
			Process redis = new ProcessBuilder("redis-server", "--port", String.valueOf(REDIS_PORT), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			for (int i = 0; i < 100; i++) {
				try (Socket socket = new Socket("127.0.0.1", REDIS_PORT)) {
					return redis;
				}
				catch (IOException ex) {
					Thread.sleep(100);
				}
			}
			redis.destroy();
			throw new IllegalStateException("redis-server did not start on port " + REDIS_PORT);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Autowired
	SessionRepository<?> sessions;

	@AfterAll
	static void stop() {
		UPSTREAM.close();
		REDIS.destroy();
	}

	@Test
	void keyMadeUpstreamWithItsAnswerLostIsTheOneKeyRetryShows() {
		// The Redis repository, behind the wrapper that tolerates a session renamed by a sign-in elsewhere.
		Object store = ReflectionTestUtils.getField(this.sessions, "delegate");
		assertThat(store.getClass().getSimpleName()).contains("Redis");
		assertThat(ReflectionTestUtils.getField(store, "keyNamespace")).isEqualTo("ai-key-wizard:session:");
		SandboxCounts before = SandboxCounts.of(BASE, "ready");
		WizardHttpClient browser = new WizardHttpClient(BASE);
		Exchange cloud = browser.signIn("ready", false);
		assertThat(cloud.uri()).endsWith("/wizard/cloud");
		assertThat(browser.get("/readyz").body()).contains("\"status\":\"UP\"");
		String cloudId = WizardHttpClient.selected(cloud.body(), "cloudId").orElseThrow();
		String folderId = WizardHttpClient.selected(cloud.body(), "folderId").orElseThrow();
		Exchange serviceAccount = browser.follow(browser.post("/wizard/cloud",
				Map.of("cloudId", cloudId, "folderId", folderId, "_csrf", WizardHttpClient.csrf(cloud.body())), Map.of()));
		Exchange roles = browser.follow(browser.post("/wizard/service-account", Map.of("name", "ai-redis-faults",
				"description", "", "_csrf", WizardHttpClient.csrf(serviceAccount.body())), Map.of()));
		Exchange scope = browser.follow(browser.post("/wizard/roles",
				Map.of("roles", FoundationRole.RECOMMENDED.id(), "_csrf", WizardHttpClient.csrf(roles.body())), Map.of()));
		assertThat(scope.uri()).endsWith("/wizard/scope");

		UPSTREAM.mode(Mode.LOSE_MUTATION_RESPONSES);
		Map<String, String> keyForm = new LinkedHashMap<>();
		keyForm.put("scopes", KeyScope.LANGUAGE_MODELS.id());
		keyForm.put("expiresOn", LocalDate.now().plusDays(30).toString());
		keyForm.put("description", "redis faults");
		keyForm.put("_csrf", WizardHttpClient.csrf(scope.body()));
		Exchange lost = browser.post("/wizard/key", keyForm, Map.of());
		assertUpstreamProblem(lost);
		assertThat(SandboxCounts.of(BASE, "ready").minus(before).keys()).isEqualTo(1);

		UPSTREAM.mode(Mode.UP);
		Exchange key = pressRetry(browser, lost);
		assertThat(WizardHttpClient.secret(key.body())).as("secret after Retry: %s", key.body()).isPresent();
		assertThat(SandboxCounts.of(BASE, "ready").minus(before)).isEqualTo(new SandboxCounts(1, 1, 1));
	}

	/**
	 * Express path: the failed request's state never reaches Redis, so Retry cannot rely on the idempotency key; it
	 * must find the service account and the binding that were made and reuse them.
	 */
	@Test
	void expressRetryAfterLostAnswersReusesTheServiceAccountAndBinding() {
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
		UPSTREAM.mode(Mode.UP);
		Exchange progress = pressRetry(browser, lostAccount);
		assertThat(progress.body()).contains("data-testid=\"progress\"");
		assertThat(SandboxCounts.of(BASE, "trial").minus(before)).isEqualTo(new SandboxCounts(1, 0, 0));

		UPSTREAM.mode(Mode.LOSE_MUTATION_RESPONSES);
		Exchange lostBinding = browser.post("/wizard/progress", Map.of("_csrf", WizardHttpClient.csrf(progress.body())),
				Map.of());
		assertUpstreamProblem(lostBinding);
		UPSTREAM.mode(Mode.UP);
		Exchange result = browser.untilKey(pressRetry(browser, lostBinding), Duration.ofSeconds(30));
		assertThat(WizardHttpClient.secret(result.body())).as("secret after Retry: %s", result.body()).isPresent();
		assertThat(SandboxCounts.of(BASE, "trial").minus(before)).isEqualTo(new SandboxCounts(1, 1, 1));
	}

	/** Ten concurrent POST /wizard/key of one session, each request with its own copy of the session from Redis. */
	@Test
	void tenConcurrentKeyPostsMakeOneKey() throws Exception {
		SandboxCounts before = SandboxCounts.of(BASE, "slow");
		WizardHttpClient browser = new WizardHttpClient(BASE);
		Exchange cloud = browser.signIn("slow", false);
		String cloudId = WizardHttpClient.selected(cloud.body(), "cloudId").orElseThrow();
		String folderId = WizardHttpClient.selected(cloud.body(), "folderId").orElseThrow();
		Exchange serviceAccount = browser.follow(browser.post("/wizard/cloud",
				Map.of("cloudId", cloudId, "folderId", folderId, "_csrf", WizardHttpClient.csrf(cloud.body())), Map.of()));
		Exchange roles = browser.follow(browser.post("/wizard/service-account", Map.of("name", "ai-redis-double",
				"description", "", "_csrf", WizardHttpClient.csrf(serviceAccount.body())), Map.of()));
		Exchange scope = browser.follow(browser.post("/wizard/roles",
				Map.of("roles", FoundationRole.RECOMMENDED.id(), "_csrf", WizardHttpClient.csrf(roles.body())), Map.of()));
		assertThat(scope.uri()).endsWith("/wizard/scope");
		Map<String, String> form = Map.of("scopes", KeyScope.LANGUAGE_MODELS.id(), "expiresOn",
				LocalDate.now().plusDays(30).toString(), "description", "double submit", "_csrf",
				WizardHttpClient.csrf(scope.body()));

		java.util.List<Exchange> answers = DoubleSubmitIT
			.atOnce(() -> browser.follow(browser.post("/wizard/key", form, Map.of())));

		DoubleSubmitIT.assertOneSecretAndNineAlreadyIssued(answers);
		assertThat(SandboxCounts.of(BASE, "slow").minus(before)).isEqualTo(new SandboxCounts(1, 1, 1));
	}

}
