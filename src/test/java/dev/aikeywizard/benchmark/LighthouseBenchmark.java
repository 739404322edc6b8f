package dev.aikeywizard.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.WizardHttpClient;
import dev.aikeywizard.support.WizardHttpClient.Exchange;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, "Lighthouse >= 95 in all four categories on the landing page and on each step page": one app on its
 * sandbox, persona {@code ready} walked step by step over HTTP, and Lighthouse ({@link LighthouseCli}, Debian's
 * chromium) run on each page as the wizard reaches it, in the same session (its cookie sent as an extra header):
 * the landing page, billing, cloud and folder, service account, roles, scope, the key page and My keys.
 * <p>
 * The key page shows its secret once, in the answer to {@code POST /wizard/key}; Lighthouse can only GET, and a GET
 * of {@code /wizard/key} afterwards is the page a reload shows: the same template, the key's id and its check, no
 * secret. That page is the one audited (the secret page differs by one read-only field and its copy button), so the
 * wizard's "shown once" is never bent for a measurement. The benchmark checks the audited page held no secret.
 * <p>
 * Writes {@code target/benchmark/lighthouse.md} (page x category, and each audit below 1 per page) and keeps the
 * JSON reports in {@code target/benchmark/lighthouse/}. Scores never fail it (they vary with the machine's load);
 * Lighthouse failing to run does. Performance on the mobile preset depends on the CPU left to Lighthouse (its
 * Total Blocking Time is the main thread's measured work times four), so each page is audited
 * {@code -Dbenchmark.lighthouse.runs=3} times and the run of median performance is reported, as Lighthouse's own
 * advice on variability says. {@code -Dbenchmark.lighthouse.presets=mobile,desktop} (default: both; mobile is
 * Lighthouse's default, a simulated mid-range phone on slow 4G), {@code -Dbenchmark.lighthouse.chrome=} (default
 * {@code /usr/bin/chromium}). Part of {@code ./mvnw verify -Pbenchmark}; alone:
 * {@code ./mvnw verify -Pbenchmark -Dit.test=LighthouseBenchmark}.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "app.sandbox.role-propagation-delay=0ms", "logging.level.root=WARN" })
class LighthouseBenchmark {

	static final int PORT = FreePort.find();

	static final Path OUT = Path.of("target", "benchmark");

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
	}

	private final String base = "http://localhost:" + PORT;

	private final WizardHttpClient browser = new WizardHttpClient(this.base);

	private final List<String> presets = Arrays.asList(
			System.getProperty("benchmark.lighthouse.presets", "mobile,desktop").split(","));

	private final int runs = Integer.getInteger("benchmark.lighthouse.runs", 3);

	private final List<Row> rows = new ArrayList<>();

	private LighthouseCli lighthouse;

	/** One page and preset: the run of median performance, and the performance score of every run. */
	record Row(String page, String path, String preset, LighthouseCli.Report report, List<Integer> performances) {
	}

	@Test
	void everyPageOfTheWizardInAllFourCategories() throws Exception {
		this.lighthouse = LighthouseCli.install(Path.of("benchmark", "lighthouse"), Path.of("target", "lighthouse"),
				System.getProperty("benchmark.lighthouse.chrome", "/usr/bin/chromium"));
		// Reports of an earlier run would be taken for this one's.
		Files.createDirectories(OUT.resolve("lighthouse"));
		try (var old = Files.newDirectoryStream(OUT.resolve("lighthouse"))) {
			for (Path file : old) {
				Files.delete(file);
			}
		}
		audit("landing", "/", false);

		this.browser.signIn("ready", false);
		audit("billing", "/wizard/billing", true);

		Exchange cloud = audit("cloud", "/wizard/cloud", true);
		Exchange account = this.browser.follow(this.browser.post("/wizard/cloud",
				Map.of("cloudId", WizardHttpClient.selected(cloud.body(), "cloudId").orElseThrow(), "folderId",
						WizardHttpClient.selected(cloud.body(), "folderId").orElseThrow(), "_csrf", csrf(cloud)),
				Map.of()));
		assertThat(account.uri()).endsWith("/wizard/service-account");

		account = audit("service-account", "/wizard/service-account", true);
		Exchange roles = this.browser.settle(this.browser.follow(this.browser.post("/wizard/service-account",
				Map.of("name", "sa-lighthouse", "description", "made by the Lighthouse benchmark", "_csrf",
						csrf(account)),
				Map.of())), Duration.ofSeconds(60));
		assertThat(roles.uri()).endsWith("/wizard/roles");

		roles = audit("roles", "/wizard/roles", true);
		Exchange scope = this.browser.settle(this.browser.follow(this.browser.post("/wizard/roles",
				Map.of("roles", "ai.languageModels.user", "_csrf", csrf(roles)), Map.of())), Duration.ofSeconds(60));
		assertThat(scope.uri()).endsWith("/wizard/scope");

		scope = audit("scope", "/wizard/scope", true);
		Exchange key = this.browser.follow(this.browser.post("/wizard/key",
				Map.of("scopes", "yc.ai.languageModels.execute", "expiresOn",
						LocalDate.now(ZoneOffset.UTC).plusDays(30).toString(), "description", "lighthouse",
						"_csrf", csrf(scope)),
				Map.of()));
		String secret = WizardHttpClient.secret(key.body()).orElseThrow();

		Exchange after = audit("key (GET after the secret)", "/wizard/key", true);
		assertThat(after.body()).as("the key page a reload shows").doesNotContain(secret);
		audit("my keys", "/keys", true);

		this.browser.post("/logout", Map.of("_csrf", csrf(after)), Map.of());
		try (var reports = Files.newDirectoryStream(OUT.resolve("lighthouse"), "*.json")) {
			for (Path report : reports) {
				assertThat(Files.readString(report)).as(report.toString()).doesNotContain(secret);
			}
		}
		write();
	}

	/**
	 * GETs {@code path} in the walk's session (as the wizard's next page would), then has Lighthouse audit it with
	 * every preset.
	 */
	private Exchange audit(String page, String path, boolean signedIn) throws IOException, InterruptedException {
		Exchange exchange = this.browser.follow(this.browser.get(path));
		assertThat(exchange.status()).as(page).isEqualTo(200);
		assertThat(exchange.uri()).as(page).endsWith(path);
		Map<String, String> headers = signedIn ? Map.of("Cookie", this.browser.cookieHeader(path)) : Map.of();
		for (String preset : this.presets) {
			List<LighthouseCli.Report> reports = new ArrayList<>();
			for (int run = 1; run <= this.runs; run++) {
				String file = page.replaceAll("[^a-z]+", "-").replaceAll("-$", "") + "-" + preset + "-" + run + ".json";
				LighthouseCli.Report report = this.lighthouse.audit(this.base + path, preset, headers,
						OUT.resolve("lighthouse").resolve(file));
				reports.add(report);
				System.out.printf("Lighthouse %-28s %-8s run %d %s, CPU benchmark %d%n", page, preset, run,
						report.scores(), report.benchmarkIndex());
			}
			List<Integer> performances = reports.stream().map((r) -> r.scores().get("performance")).toList();
			reports.sort(Comparator.comparing((LighthouseCli.Report r) -> r.scores().get("performance")));
			this.rows.add(new Row(page, path, preset, reports.get(reports.size() / 2), performances));
		}
		return exchange;
	}

	private void write() throws IOException {
		StringBuilder md = new StringBuilder(String.format("# Lighthouse, every page of the wizard%n%n"
				+ "`./mvnw verify -Pbenchmark -Dit.test=LighthouseBenchmark`: Lighthouse 12.2.3 on Debian's chromium, "
				+ "persona `ready` on the sandbox, step by step; mobile is Lighthouse's default preset (simulated "
				+ "mid-range phone, slow 4G), desktop its `--preset=desktop`. The key page is audited as a reload "
				+ "shows it (no secret). %d run(s) per page and preset, the run of median performance shown (the "
				+ "performance of every run in brackets); CPU is Lighthouse's benchmark index of that run (its mobile "
				+ "preset expects about 1000 or more; * marks its warning that the CPU was too slow, which makes "
				+ "Total Blocking Time, and so performance, worse than on an idle machine). Reports: "
				+ "`target/benchmark/lighthouse/*.json`.%n%n"
				+ "| page | preset | performance | accessibility | best practices | SEO | CPU |%n"
				+ "|---|---|---|---|---|---|---|%n", this.runs));
		for (Row row : this.rows) {
			Map<String, Integer> s = row.report().scores();
			md.append(String.format("| %s `%s` | %s | %s %s | %s | %s | %s | %d%s |%n", row.page(), row.path(),
					row.preset(), mark(s.get("performance")), row.performances(), mark(s.get("accessibility")),
					mark(s.get("best-practices")), mark(s.get("seo")), row.report().benchmarkIndex(),
					row.report().slowCpu() ? "*" : ""));
		}
		md.append(String.format("%nScores below 95 are in bold.%n%n## Audits below 1 (the run shown)%n"));
		for (Row row : this.rows) {
			md.append(String.format("%n### %s, %s%n%n", row.page(), row.preset()));
			if (row.report().failingAudits().isEmpty()) {
				md.append("none\n");
			}
			row.report().failingAudits().forEach((audit) -> md.append("- ").append(audit).append('\n'));
		}
		Files.createDirectories(OUT);
		Files.writeString(OUT.resolve("lighthouse.md"), md);
		System.out.println(md);
	}

	private static String mark(int score) {
		return (score < 95) ? "**" + score + "**" : Integer.toString(score);
	}

	private static String csrf(Exchange page) {
		return WizardHttpClient.csrf(page.body());
	}

}
