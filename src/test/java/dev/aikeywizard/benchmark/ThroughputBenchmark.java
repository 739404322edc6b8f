package dev.aikeywizard.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import dev.aikeywizard.Application;
import dev.aikeywizard.support.BenchmarkReport;
import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.WizardHttpClient;
import dev.aikeywizard.support.WizardHttpClient.Exchange;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throughput, not part of {@code ./mvnw verify}: full express wizards per second (persona {@code ready}, sign-in to a
 * verified key, the sandbox answering at once: latency and operation duration 0, roles effective at once, the
 * per-user key limit lifted) by {@code C} concurrent clients for a fixed time, against requests per second of two
 * trivial pages of the same app under the same concurrency: {@code /livez} (no view) and the landing page (a
 * Thymeleaf page without sign-in). Each client is one browser (cookies, CSRF, the progress polls after the delay the
 * page asks for); a wizard's sign-in, upstream calls and polls all land on the one app, since the sandbox is in it.
 * <p>
 * Knobs: {@code -Dbenchmark.throughput.clients} (16), {@code -Dbenchmark.throughput.seconds} (30) per measured load,
 * {@code -Dbenchmark.throughput.warmup} (5 s before each). Writes {@code target/benchmark/throughput.md}.
 */
@Tag("benchmark")
class ThroughputBenchmark {

	@Test
	void wizardsPerSecondAgainstATrivialPage() throws Exception {
		int clients = Integer.getInteger("benchmark.throughput.clients", 16);
		Duration measured = Duration.ofSeconds(Long.getLong("benchmark.throughput.seconds", 30));
		Duration warmup = Duration.ofSeconds(Long.getLong("benchmark.throughput.warmup", 5));
		int port = FreePort.find();
		String base = "http://127.0.0.1:" + port;
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(Application.class).run(
				"--server.port=" + port, "--server.address=127.0.0.1", "--management.server.port=0",
				"--app.sandbox.base-url=" + base, "--app.sandbox.role-propagation-delay=0ms",
				// Each wizard request waits for sandbox requests served by the same Tomcat: room for both.
				"--server.tomcat.threads.max=400", "--app.wizard.keys-per-hour=1000000",
				"--logging.level.root=WARN")) {
			Load livez = run(base, "GET /livez", clients, warmup, measured, (browser) -> page(browser, "/livez"));
			Load landing = run(base, "GET / (landing page)", clients, warmup, measured, (browser) -> page(browser, "/"));
			Load wizards = run(base, "express wizard, sign-in to verified key", clients, warmup, measured,
					ThroughputBenchmark::wizard);

			StringBuilder md = new StringBuilder();
			md.append(String.format("# Throughput: full wizards per second against a trivial page%n%n"));
			md.append(String.format("`./mvnw verify -Pbenchmark` (ThroughputBenchmark). One app with its sandbox on "
					+ "loopback (sandbox latency and operation duration 0, roles effective at once), %d concurrent "
					+ "clients, %d s measured after %d s of warm-up per load; persona `ready`, express path, each "
					+ "wizard a new browser: sign-in, express click, progress polls after the page's delay, "
					+ "verification. %d cores.%n%n", clients, measured.toSeconds(), warmup.toSeconds(),
					Runtime.getRuntime().availableProcessors()));
			md.append("| load | completed | per second | HTTP requests to the app per second | p50 | p90 | failures |\n"
					+ "|---|---|---|---|---|---|---|\n");
			for (Load load : List.of(livez, landing, wizards)) {
				md.append(String.format("| %s | %d | %.1f | %.0f | %.0f ms | %.0f ms | %d |%n", load.name(),
						load.completed(), load.perSecond(), load.requestsPerSecond(), load.percentile(50),
						load.percentile(90), load.failures()));
			}
			md.append(String.format("%nWizards per second / landing pages per second: **%.4f** (one wizard costs "
					+ "as much as %.0f landing pages); / `/livez` per second: %.4f. A wizard is %.0f requests "
					+ "from the browser (the wizard's pages and polls and the sandbox's Yandex ID pages); the upstream "
					+ "calls they cause are served by the same app and counted in no column.%n", wizards.perSecond() / landing.perSecond(),
					landing.perSecond() / wizards.perSecond(), wizards.perSecond() / livez.perSecond(),
					(double) wizards.requests() / Math.max(1, wizards.completed())));
			for (Load load : List.of(livez, landing, wizards)) {
				load.reasons().forEach((reason) -> md.append(String.format("%n- failure, %s: %s", load.name(), reason)));
			}
			BenchmarkReport.write("throughput", md.append('\n').toString());

			assertThat(wizards.completed()).as("wizards completed").isPositive();
			assertThat(wizards.failures()).as("wizards that did not end with a verified key").isZero();
			assertThat(landing.failures() + livez.failures()).as("trivial pages not 200").isZero();
		}
	}

	/** One load: how many units were completed in the measured time, their durations, failures and requests. */
	private record Load(String name, Duration measured, int completed, List<Long> nanos, int failures, long requests,
			List<String> reasons) {

		double perSecond() {
			return this.completed / (this.measured.toNanos() / 1e9);
		}

		double requestsPerSecond() {
			return this.requests / (this.measured.toNanos() / 1e9);
		}

		double percentile(int p) {
			if (this.nanos.isEmpty()) {
				return 0;
			}
			List<Long> sorted = this.nanos.stream().sorted().toList();
			return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
		}

	}

	/**
	 * {@code clients} threads repeat {@code unit} (given a browser, returns the requests it sent, or -1 when it
	 * failed) for the warm-up and then for the measured time; the units that ended in the measured time count (in a
	 * steady state as many start as end).
	 */
	private static Load run(String base, String name, int clients, Duration warmup, Duration measured,
			Function<WizardHttpClient, Integer> unit) throws Exception {
		long start = System.nanoTime() + warmup.toNanos();
		long end = start + measured.toNanos();
		List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger failures = new AtomicInteger();
		AtomicLong requests = new AtomicLong();
		List<String> reasons = Collections.synchronizedList(new ArrayList<>());
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		List<Future<?>> all = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			all.add(pool.submit(() -> {
				while (System.nanoTime() < end) {
					long t0 = System.nanoTime();
					int sent;
					try {
						sent = unit.apply(new WizardHttpClient(base));
					}
					catch (RuntimeException | AssertionError ex) {
						sent = -1;
						if (reasons.size() < 5) {
							reasons.add(ex.toString().replaceAll("\\s+", " "));
						}
					}
					long t1 = System.nanoTime();
					if (t1 >= start && t1 <= end) {
						if (sent < 0) {
							failures.incrementAndGet();
						}
						else {
							nanos.add(t1 - t0);
							requests.addAndGet(sent);
						}
					}
				}
				return null;
			}));
		}
		pool.shutdown();
		pool.awaitTermination(warmup.plus(measured).toSeconds() + 120, TimeUnit.SECONDS);
		for (Future<?> each : all) {
			each.get();
		}
		return new Load(name, measured, nanos.size(), new ArrayList<>(nanos), failures.get(), requests.get(),
				List.copyOf(reasons));
	}

	private static int page(WizardHttpClient browser, String path) {
		Exchange page = browser.get(path);
		if (page.status() != 200) {
			throw new AssertionError(path + " answered " + page.status());
		}
		return 1;
	}

	private static String problem(String body) {
		java.util.regex.Matcher code = java.util.regex.Pattern.compile("data-code=\"([A-Z_]+)\"").matcher(body);
		return code.find() ? "problem " + code.group(1) : body.substring(0, Math.min(200, body.length()));
	}

	/** One express wizard by a new browser: sign-in, the express click and its polls, the verification. */
	private static int wizard(WizardHttpClient browser) {
		browser.signIn("ready", false);
		Exchange result = browser.express(Duration.ofSeconds(60));
		String secret = WizardHttpClient.secret(result.body()).orElseThrow(() -> new AssertionError(
				"no key: " + result.status() + " " + result.uri() + " " + problem(result.body())));
		String verified = browser.verified(result.body(), Duration.ofSeconds(30));
		if (!"success".equals(verified)) {
			throw new AssertionError("verification: " + verified);
		}
		// No sign-out: the credentials are kept per Yandex user, so one client's sign-out would end the others' runs.
		return browser.exchanges().size();
	}

}
