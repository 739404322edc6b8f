package dev.aikeywizard.scaleout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.aikeywizard.support.SandboxCounts;
import dev.aikeywizard.support.ScaleOut;
import dev.aikeywizard.support.WizardHttpClient;
import dev.aikeywizard.support.WizardHttpClient.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, defects 4 and 5 across instances: one browser, its session in Redis, presses "Create API key" several
 * times, and the clicks reach two app instances at once (a round-robin balancer without sticky sessions). The run's
 * lock in Redis and its deterministic idempotency keys make exactly one key, shown once; every other click sees
 * "already issued" or "busy", never a second key. With JVM locks and random per-copy idempotency keys each instance
 * made its own key.
 */
class DoubleSubmitAcrossInstancesIT {

	private static final String PERSONA = "ready";

	private static final int CLICKS_PER_INSTANCE = 4;

	private final ScaleOut cluster = new ScaleOut();

	@AfterEach
	void stopEverything() throws Exception {
		this.cluster.close();
	}

	@Test
	void clicksReachingTwoInstancesMakeOneKey() throws Exception {
		String a = this.cluster.startInstance();
		String b = this.cluster.startInstance();

		// On A: up to the scope step.
		WizardHttpClient onA = new WizardHttpClient(a);
		Exchange cloud = onA.signIn(PERSONA, false);
		String cloudId = WizardHttpClient.selected(cloud.body(), "cloudId").orElseThrow();
		String folderId = WizardHttpClient.selected(cloud.body(), "folderId").orElseThrow();
		Exchange page = onA.follow(onA.post("/wizard/cloud",
				Map.of("cloudId", cloudId, "folderId", folderId, "_csrf", WizardHttpClient.csrf(cloud.body())),
				Map.of()));
		page = onA.settle(onA.follow(onA.post("/wizard/service-account",
				Map.of("name", "ai-two-clicks", "description", "", "_csrf", WizardHttpClient.csrf(page.body())),
				Map.of())), Duration.ofSeconds(30));
		assertThat(path(page)).isEqualTo("/wizard/roles");
		page = onA.settle(onA.follow(onA.post("/wizard/roles",
				Map.of("roles", "ai.languageModels.user", "_csrf", WizardHttpClient.csrf(page.body())), Map.of())),
				Duration.ofSeconds(30));
		assertThat(path(page)).isEqualTo("/wizard/scope");

		// The same browser signs in on B too (B holds no token of its own yet) and lands on the same step.
		WizardHttpClient onB = onA.at(b);
		Exchange scope = onB.followSigningIn(onB.get("/wizard/scope"), PERSONA);
		assertThat(path(scope)).isEqualTo("/wizard/scope");
		String csrf = WizardHttpClient.csrf(scope.body());

		// Both instances at once, several clicks each.
		ExecutorService threads = Executors.newFixedThreadPool(2 * CLICKS_PER_INSTANCE);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<Exchange>> clicks = new ArrayList<>();
		for (WizardHttpClient browser : List.of(onA, onB)) {
			for (int i = 0; i < CLICKS_PER_INSTANCE; i++) {
				clicks.add(threads.submit(() -> {
					go.await();
					return browser.post("/wizard/key", Map.of("scopes", "yc.ai.languageModels.execute",
							"description", "two instances", "_csrf", csrf), Map.of());
				}));
			}
		}
		go.countDown();
		List<Exchange> answers = new ArrayList<>();
		for (Future<Exchange> click : clicks) {
			answers.add(click.get(90, TimeUnit.SECONDS));
		}
		threads.shutdownNow();

		assertThat(answers).noneSatisfy((e) -> assertThat(e.status()).isGreaterThanOrEqualTo(500));
		List<String> secrets = answers.stream()
			.map((e) -> WizardHttpClient.secret(e.body()))
			.flatMap(java.util.Optional::stream)
			.toList();
		assertThat(secrets).as("the secret is shown by exactly one click").hasSize(1);
		SandboxCounts world = SandboxCounts.of(this.cluster.sandbox(), PERSONA);
		assertThat(world.keys()).as("keys in the cloud").isEqualTo(1);
		assertThat(world.serviceAccounts()).isEqualTo(1);
	}

	private static String path(Exchange exchange) {
		return ScaleOut.path(exchange);
	}

}
