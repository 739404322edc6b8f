package dev.aikeywizard.benchmark;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * Load benchmark, not part of {@code ./mvnw verify}: run it with {@code ./mvnw verify -Pbenchmark}.
 * <p>
 * Starts one app (with its built-in sandbox) on loopback and drives {@code benchmark.sessions} (default 200)
 * concurrent wizard sessions over plain HTTP through the express path, all signed in as the sandbox's {@code flaky}
 * persona: one shared world where the first change of each kind fails after being applied, every third read is
 * rate-limited and operations need 4 polls. When a page still shows a problem after the app's own retries, the
 * simulated user presses its Retry button (after a second), as a person would, at most {@value #USER_RETRIES} times
 * per page.
 * <p>
 * What "no duplicate" means here: all sessions are the same user, and the express path names the service account
 * after the login and the date, so they must all share exactly one service account (a cloud allows only 100, so one
 * per session is not an option anyway); and every session must end with exactly one key of its own, so the world holds
 * exactly as many keys as sessions, each shown to exactly one session.
 * <p>
 * Bounded by {@code benchmark.budget} (default 240 s); reports completions, keys, duplicates, 4xx/5xx and latency
 * percentiles per request type and per whole wizard to stdout and {@code target/benchmark/wizard-load.md}.
 */
@Tag("benchmark")
class WizardLoadBenchmark {

	private static final String PERSONA = "flaky";

	private static final int USER_RETRIES = 5;

	private static final Pattern KEY_ID = Pattern.compile("data-testid=\"key-id\">([^<]+)<");

	private static final Pattern RETRY_FORM = Pattern
		.compile("(?s)<form action=\"([^\"]+)\" method=\"(get|post)\" class=\"inline\">(.*?)</form>");

	private final AtomicInteger userRetries = new AtomicInteger();

	private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();

	private final AtomicInteger status4xx = new AtomicInteger();

	private final AtomicInteger status5xx = new AtomicInteger();

	private final Map<String, AtomicInteger> errorsByType = new ConcurrentHashMap<>();

	@Test
	void concurrentWizardsEachEndWithExactlyOneKey() throws Exception {
		int sessions = Integer.getInteger("benchmark.sessions", 200);
		Duration budget = Duration.ofSeconds(Long.getLong("benchmark.budget", 240));
		int port = FreePort.find();
		String base = "http://127.0.0.1:" + port;
		String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
		try (ConfigurableApplicationContext app = new SpringApplicationBuilder(Application.class).run(
				"--server.port=" + port, "--server.address=127.0.0.1", "--management.server.port=0",
				"--app.sandbox.base-url=" + base,
				// Every wizard request waits for sandbox requests served by the same Tomcat: room for both.
				"--server.tomcat.threads.max=600", "--server.tomcat.accept-count=1000",
				// One user, many keys in a few minutes: lift the per-user guard for this run only.
				"--app.wizard.keys-per-hour=100000", "--logging.level.root=WARN")) {
			long deadline = System.nanoTime() + budget.toNanos();
			ExecutorService pool = Executors.newFixedThreadPool(sessions);
			CountDownLatch go = new CountDownLatch(1);
			Map<Integer, String> keyIds = new ConcurrentHashMap<>();
			Map<Integer, Long> wizardNanos = new ConcurrentHashMap<>();
			Map<Integer, String> failures = new ConcurrentHashMap<>();
			long started = System.nanoTime();
			for (int i = 0; i < sessions; i++) {
				int session = i;
				pool.submit(() -> {
					try {
						go.await();
						long t0 = System.nanoTime();
						String keyId = oneWizard(base, deadline);
						if (keyId != null) {
							wizardNanos.put(session, System.nanoTime() - t0);
							keyIds.put(session, keyId);
						}
						else {
							failures.put(session, "no key before the deadline");
						}
					}
					catch (Exception | AssertionError ex) {
						failures.put(session, shorten(ex.toString()));
					}
					return null;
				});
			}
			go.countDown();
			pool.shutdown();
			boolean finished = pool.awaitTermination(budget.toSeconds() + 30, TimeUnit.SECONDS);
			pool.shutdownNow();
			long wall = System.nanoTime() - started;

			World world = World.read(new WizardHttpClient(base).get("/sandbox").body(), PERSONA);
			long distinctKeys = keyIds.values().stream().distinct().count();
			long shownKeysInWorld = keyIds.values().stream().distinct().filter(world.keyIds::contains).count();
			int duplicateKeys = world.keyIds.size() - (int) distinctKeys;
			int duplicateAccounts = Math.max(0, world.accountNames.size() - 1);

			StringBuilder report = new StringBuilder();
			report.append(String.format("Wizard load benchmark: %d concurrent sessions, persona %s, budget %ds%n",
					sessions, PERSONA, budget.toSeconds()));
			report.append(String.format("wall time %.1f s, all sessions finished in time: %s%n", wall / 1e9, finished));
			report.append(String.format("completions (key shown): %d of %d; failures: %d; user Retry clicks: %d%n",
					keyIds.size(), sessions, failures.size(), this.userRetries.get()));
			report.append(String.format("sandbox world: %d service account(s) %s, %d keys in all%n",
					world.accountNames.size(), world.accountNames, world.keyIds.size()));
			report.append(String.format("distinct keys shown to sessions: %d, of them in the world: %d%n", distinctKeys,
					shownKeysInWorld));
			report.append(String.format("duplicates: %d service accounts beyond one, %d keys beyond one per session%n",
					duplicateAccounts, duplicateKeys));
			report.append(String.format("responses: %d in all, 4xx %d, 5xx %d%n",
					this.latencies.values().stream().mapToInt(List::size).sum(), this.status4xx.get(),
					this.status5xx.get()));
			this.errorsByType.forEach((type, n) -> report.append(String.format("  errors at %s: %d%n", type, n.get())));
			report.append(String.format("%-44s %6s %8s %8s %8s %8s%n", "latency (ms)", "n", "p50", "p90", "p99",
					"max"));
			new TreeMap<>(this.latencies).forEach((type, values) -> report.append(row(type, values)));
			report.append(row("WHOLE WIZARD", new ArrayList<>(wizardNanos.values())));
			failures.entrySet()
				.stream()
				.limit(10)
				.forEach((f) -> report.append(String.format("  session %d: %s%n", f.getKey(), f.getValue())));
			write(report.toString());

			assertThat(failures).as("sessions that did not end with a key").isEmpty();
			assertThat(distinctKeys).as("one key of its own per session").isEqualTo(sessions);
			assertThat(shownKeysInWorld).isEqualTo(sessions);
			assertThat(world.keyIds).as("keys in the world").hasSize(sessions);
			assertThat(world.accountNames).as("one shared service account").hasSize(1);
			assertThat(this.status5xx.get()).isZero();
		}
	}

	/** Sign-in, then the express path to the end; the id of the key shown, or null. */
	private String oneWizard(String base, long deadline) {
		WizardHttpClient browser = new WizardHttpClient(base).onExchange(this::record);
		Exchange cloud = settle(browser, browser.signIn(PERSONA, false), deadline);
		if (!"/wizard/cloud".equals(path(cloud))) {
			cloud = settle(browser, browser.follow(browser.get("/wizard/cloud")), deadline);
		}
		assertThat(path(cloud)).as(cloud.status() + " " + shorten(cloud.body())).isEqualTo("/wizard/cloud");
		String cloudId = WizardHttpClient.selected(cloud.body(), "cloudId").orElseThrow();
		String folderId = WizardHttpClient.selected(cloud.body(), "folderId").orElseThrow();
		Exchange page = settle(browser, browser.follow(browser.post("/wizard/express",
				Map.of("cloudId", cloudId, "folderId", folderId, "_csrf", WizardHttpClient.csrf(cloud.body())),
				Map.of())), deadline);
		String csrf = WizardHttpClient.csrf(cloud.body());
		while (WizardHttpClient.secret(page.body()).isEmpty() && page.body().contains("data-testid=\"progress\"")
				&& System.nanoTime() < deadline) {
			sleep(300);
			// The poll htmx makes while work runs.
			page = settle(browser, browser.follow(browser.post("/wizard/progress", Map.of(),
					Map.of("HX-Request", "true", "X-CSRF-TOKEN", csrf, "HX-Current-URL", base + "/wizard/progress"))),
					deadline);
		}
		if (WizardHttpClient.secret(page.body()).isEmpty()) {
			return null;
		}
		Matcher id = KEY_ID.matcher(page.body());
		assertThat(id.find()).as("key id on the result page").isTrue();
		return id.group(1);
	}

	/** While the page shows a problem with a Retry button, press it (after a second), as a person would. */
	private Exchange settle(WizardHttpClient browser, Exchange page, long deadline) {
		for (int i = 0; i < USER_RETRIES && System.nanoTime() < deadline; i++) {
			Matcher retry = RETRY_FORM.matcher(page.body());
			if (!page.body().contains("data-testid=\"retry\"") || !retry.find()) {
				return page;
			}
			this.userRetries.incrementAndGet();
			sleep(1000);
			Map<String, String> params = WizardHttpClient.hiddenInputs(retry.group(3));
			String action = retry.group(1).replace("&amp;", "&");
			if ("get".equals(retry.group(2))) {
				String query = params.entrySet()
					.stream()
					.map((e) -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(),
							java.nio.charset.StandardCharsets.UTF_8))
					.collect(java.util.stream.Collectors.joining("&"));
				page = browser.follow(browser.get(query.isEmpty() ? action : action + "?" + query));
			}
			else {
				page = browser.follow(browser.post(action, params, Map.of()));
			}
		}
		return page;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String shorten(String text) {
		String flat = text.replaceAll("\\s+", " ");
		Matcher problem = Pattern.compile("data-code=\"([A-Z_]+)\"").matcher(flat);
		String code = problem.find() ? " [problem " + problem.group(1) + "]" : "";
		return (flat.length() > 300 ? flat.substring(0, 300) + "..." : flat) + code;
	}

	private void record(Exchange exchange) {
		String type = exchange.method() + " " + path(exchange);
		this.latencies.computeIfAbsent(type, (t) -> Collections.synchronizedList(new ArrayList<>()))
			.add(exchange.elapsedNanos());
		if (exchange.status() >= 500) {
			this.status5xx.incrementAndGet();
		}
		else if (exchange.status() >= 400) {
			this.status4xx.incrementAndGet();
		}
		if (exchange.status() >= 400) {
			this.errorsByType.computeIfAbsent(type + " " + exchange.status(), (t) -> new AtomicInteger())
				.incrementAndGet();
		}
	}

	private static String path(Exchange exchange) {
		return URI.create(exchange.uri()).getPath();
	}

	private static String row(String type, List<Long> nanos) {
		List<Long> sorted;
		synchronized (nanos) {
			sorted = new ArrayList<>(nanos);
		}
		if (sorted.isEmpty()) {
			return String.format("%-44s %6d%n", type, 0);
		}
		Collections.sort(sorted);
		return String.format("%-44s %6d %8.0f %8.0f %8.0f %8.0f%n", type, sorted.size(), pct(sorted, 50),
				pct(sorted, 90), pct(sorted, 99), sorted.get(sorted.size() - 1) / 1e6);
	}

	/** Nearest-rank percentile, in milliseconds. */
	private static double pct(List<Long> sorted, int p) {
		int rank = (int) Math.ceil(p / 100.0 * sorted.size());
		return sorted.get(Math.max(0, rank - 1)) / 1e6;
	}

	private static void write(String report) {
		BenchmarkReport.write("wizard-load", "# Wizard load: concurrent flaky express wizards\n\n"
				+ "`./mvnw verify -Pbenchmark` (WizardLoadBenchmark)\n\n```\n" + report + "```\n");
	}

	/** One persona's world as the sandbox's read-only page shows it: service account names and key ids. */
	private record World(List<String> accountNames, List<String> keyIds) {

		private static final Pattern SA_ROW = Pattern
			.compile("<td><code>([^<]+)</code></td><td>([^<]*)</td>\\s*<td><code>");

		private static final Pattern KEY_ROW = Pattern
			.compile("<td><code>([^<]+)</code></td><td>([^<]*)</td><td>([^<]*)</td>");

		static World read(String page, String persona) {
			int start = page.indexOf("data-testid=\"world-" + persona + "\"");
			int end = page.indexOf("</section>", start);
			String section = page.substring(start, end);
			int accounts = section.indexOf("<h3>Service accounts</h3>");
			int bindings = section.indexOf("<h3>Folder access bindings</h3>");
			int keys = section.indexOf("<h3>API keys</h3>");
			return new World(group(SA_ROW, section.substring(accounts, bindings), 2),
					group(KEY_ROW, section.substring(keys), 1));
		}

		private static List<String> group(Pattern row, String html, int group) {
			List<String> values = new ArrayList<>();
			Matcher matcher = row.matcher(html);
			while (matcher.find()) {
				values.add(matcher.group(group));
			}
			return values;
		}

	}

}
