package dev.aikeywizard.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.aikeywizard.sandbox.SandboxWorlds;
import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.UpstreamCallLog;
import dev.aikeywizard.support.WizardHttpClient;
import dev.aikeywizard.support.WizardHttpClient.Exchange;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The express path against a strict emulator (every call answered after {@value #LATENCY_MS} ms, every operation
 * done {@value #OPERATION_MS} ms after the answer that created it, roles effective at once), one wizard at a time, persona
 * {@code ready}, the sandbox reset before each: upstream calls per wizard by API and method, and wall time against
 * the critical path computed from the two knobs. Writes {@code target/benchmark/express-critical-path.md}. Part of
 * {@code ./mvnw verify -Pbenchmark}; {@code -Dbenchmark.express.runs=N} (default 5).
 * <p>
 * The critical path of the express click is create the service account, wait for its operation, grant the roles,
 * wait for that operation, tokenize with the key: {@code 2 x operation + 5 x latency} counting the poll that sees
 * each operation done. Sign-in, from the click on the persona to the cloud step: the Yandex ID token, its user info,
 * the IAM token, then billing accounts and clouds in parallel, then the account's bound clouds and the folders of
 * the clouds (read ahead, beside the bindings): {@code 5 x latency}. Warm-up runs come first and are not
 * counted ({@code -Dbenchmark.warmups=N}, default 30: the figure is the app warmed up, as in service, not its first
 * requests after start).
 */
@Tag("benchmark")
@Import(UpstreamCallLog.Installed.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "app.sandbox.latency=" + ExpressCriticalPathBenchmark.LATENCY_MS + "ms",
				"app.sandbox.operation-duration=" + ExpressCriticalPathBenchmark.OPERATION_MS + "ms",
				"app.sandbox.role-propagation-delay=0ms", "app.wizard.keys-per-hour=100000",
				"logging.level.root=WARN" })
class ExpressCriticalPathBenchmark {

	static final long LATENCY_MS = 100;

	static final long OPERATION_MS = 1000;

	static final int PORT = FreePort.find();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
	}


	@Autowired
	UpstreamCallLog log;

	@Autowired
	SandboxWorlds worlds;

	@Test
	void expressPathAgainstItsCriticalPath() throws IOException {
		int runs = Integer.getInteger("benchmark.express.runs", 5);
		String base = "http://localhost:" + PORT;
		List<Long> signIn = new ArrayList<>();
		List<Long> express = new ArrayList<>();
		Map<String, Integer> calls = new TreeMap<>();
		List<String> timeline = List.of();
		int warmups = Integer.getInteger("benchmark.warmups", 30);
		for (int i = -warmups; i < runs; i++) {
			this.worlds.reset();
			this.log.clear();
			WizardHttpClient browser = new WizardHttpClient(base);
			// Sign-in, timed from the click on the persona (the authorize page is loaded before): the code back, the
			// token exchange, the cloud step.
			Exchange authorize = browser.openSignIn();
			long t0 = System.nanoTime();
			Exchange cloud = browser.choosePersona(authorize, "ready", false);
			long signedIn = System.nanoTime() - t0;
			assertThat(cloud.uri()).as("run %d: %s", i, browser.exchanges().stream().map((e) -> e.method() + " " + e.uri() + " " + e.status()).toList()).endsWith("/wizard/cloud");

			Map<String, Integer> signInCalls = this.log.counts();
			this.log.clear();
			long t1 = System.nanoTime();
			Exchange page = browser.follow(browser.post("/wizard/express",
					Map.of("cloudId", WizardHttpClient.selected(cloud.body(), "cloudId").orElseThrow(), "folderId",
							WizardHttpClient.selected(cloud.body(), "folderId").orElseThrow(), "_csrf",
							WizardHttpClient.csrf(cloud.body())),
					Map.of()));
			while (WizardHttpClient.secret(page.body()).isEmpty()
					&& page.body().contains("data-testid=\"progress\"")) {
				sleep(WizardHttpClient.pollDelay(page.body()));
				page = browser.follow(browser.post("/wizard/progress", Map.of("_csrf", WizardHttpClient.csrf(page.body())),
						Map.of("HX-Request", "true", "HX-Current-URL", base + "/wizard/progress")));
			}
			String secret = WizardHttpClient.secret(page.body()).orElseThrow();
			assertThat(browser.verified(page.body(), Duration.ofSeconds(30)))
				.isEqualTo("success");
			if (i >= 0) {
				signIn.add(signedIn);
				express.add(System.nanoTime() - t1);
			}
			Map<String, Integer> wizard = new TreeMap<>(signInCalls);
			this.log.counts().forEach((call, count) -> wizard.merge(call, count, Integer::sum));
			calls = wizard;
			timeline = this.log.timeline();
			// Signed out before the sandbox forgets its tokens, so the next run signs in afresh.
			browser.post("/logout", Map.of("_csrf", WizardHttpClient.csrf(page.body())), Map.of());
		}

		long expressPath = 2 * OPERATION_MS + 5 * LATENCY_MS;
		long signInPath = 5 * LATENCY_MS;
		StringBuilder md = new StringBuilder();
		md.append(String.format("# Express path against its critical path%n%n"));
		md.append(String.format("`./mvnw verify -Pbenchmark` (ExpressCriticalPathBenchmark). Strict emulator: each call answered %d ms after it arrived, operations done %d ms after the answer that created it; "
				+ "persona `ready`, %d runs after %d warm-up runs, sandbox reset before each.%n%n", LATENCY_MS, OPERATION_MS, runs, warmups));
		md.append("| part | critical path | median wall | best wall | ratio (median) |\n|---|---|---|---|---|\n");
		row(md, "sign-in (persona clicked) to the cloud step", signInPath, signIn);
		row(md, "express click to a verified key", expressPath, express);
		md.append(String.format("%n## Upstream calls of one express wizard, sign-in to verified key (the last run)%n%n| call | count |%n|---|---|%n"));
		new TreeMap<>(calls).forEach((call, count) -> md.append("| `").append(call).append("` | ").append(count)
			.append(" |\n"));
		md.append(String.format("%n## Timeline of the last express click (ms from the click)%n%n```%n"));
		timeline.forEach((line) -> md.append(line).append('\n'));
		md.append("```\n");
		System.out.println(md);
		Path out = Path.of("target", "benchmark", "express-critical-path.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, md);
	}

	private static void row(StringBuilder md, String part, long criticalMs, List<Long> nanos) {
		List<Long> sorted = nanos.stream().sorted().toList();
		double median = sorted.get(sorted.size() / 2) / 1e6;
		double best = sorted.get(0) / 1e6;
		md.append(String.format("| %s | %d ms | %.0f ms | %.0f ms | %.2fx |%n", part, criticalMs, median, best,
				median / criticalMs));
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
