package dev.aikeywizard.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.WizardHttpClient;
import dev.aikeywizard.support.WizardHttpClient.Exchange;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key audit over HTTP against the whole app and its sandbox: a key issued by the wizard (express, also for
 * {@code flaky}, whose first creation fails after being applied) is one row with who, what and the cloud's mask, and
 * the secret is nowhere in the database; {@code /admin/audit} and its CSV are for {@code app.portal.admins} only,
 * with filters by user and date. An audit that cannot write (its table gone) still lets the key page show.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "app.portal.admins=Anna.Petrova", "app.sandbox.role-propagation-delay=0s" })
class KeyAuditIT {

	static final int PORT = FreePort.find();

	static final String BASE = "http://localhost:" + PORT;

	/** {@code ready}, an admin (written {@code Anna.Petrova} in app.portal.admins: logins ignore letter case). */
	static final String ANNA = "1984526703";

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
	}

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	KeyAuditLog audit;

	@Test
	void aKeyIssuedByTheWizardIsOneRowWithWhoAndWhatAndTheSecretIsNowhereInTheDatabase() {
		for (String persona : List.of("ready", "flaky")) {
			WizardHttpClient browser = new WizardHttpClient(BASE);
			browser.signIn(persona, false);
			Exchange result = browser.express(Duration.ofSeconds(60));
			String secret = WizardHttpClient.secret(result.body())
				.orElseThrow(() -> new AssertionError(persona + ": no key: " + result.body()));
			String keyId = Jsoup.parse(result.body()).selectFirst("[data-testid=key-id]").text();

			List<Map<String, Object>> rows = this.jdbc.queryForList("SELECT * FROM key_audit WHERE key_id = ?", keyId);
			assertThat(rows).as(persona + ": rows of key " + keyId).hasSize(1);
			Map<String, Object> row = rows.get(0);
			String login = ("ready".equals(persona)) ? "anna.petrova" : "sergey.popov";
			assertThat(row.get("ACTION")).isEqualTo("ISSUED");
			assertThat(row.get("LOGIN")).isEqualTo(login);
			assertThat(row.get("EMAIL")).isEqualTo(login + "@yandex.ru");
			assertThat((String) row.get("USER_ID")).isEqualTo(("ready".equals(persona)) ? ANNA : "1984526745");
			assertThat((String) row.get("FOLDER_ID")).isNotBlank();
			assertThat((String) row.get("SERVICE_ACCOUNT_ID")).isNotBlank();
			assertThat((String) row.get("SERVICE_ACCOUNT_NAME")).startsWith("ai-" + login.replace('.', '-'));
			assertThat((String) row.get("ROLES")).contains("ai.languageModels.user");
			assertThat((String) row.get("SCOPES")).contains("yc.ai.languageModels.execute");
			assertThat((String) row.get("MASKED_ENDING")).matches("\\*{4}[A-Za-z0-9_]{6}")
				.endsWith(secret.substring(secret.length() - 6));
			assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM key_audit WHERE user_id = ?", Long.class,
					row.get("USER_ID")))
				.as(persona + ": one row for the one key, retries included")
				.isEqualTo(1);

			// The whole database as SQL (H2's SCRIPT): no piece of the secret longer than its mask shows.
			String everything = this.jdbc.queryForList("SCRIPT", String.class)
				.stream()
				.collect(Collectors.joining("\n"));
			for (int start = 0; start + 12 <= secret.length(); start++) {
				assertThat(everything).as(persona + ": the database holds part of the secret")
					.doesNotContain(secret.substring(start, start + 12));
			}
		}
	}

	@Test
	void anAuditThatCannotWriteCostsTheUserNoKey() {
		this.jdbc.execute("ALTER TABLE key_audit RENAME TO key_audit_away");
		Exchange result;
		try {
			WizardHttpClient elena = new WizardHttpClient(BASE);
			elena.signIn("managed", false);
			result = elena.express(Duration.ofSeconds(60));
		}
		finally {
			this.jdbc.execute("ALTER TABLE key_audit_away RENAME TO key_audit");
		}
		assertThat(result.status()).isEqualTo(200);
		assertThat(WizardHttpClient.secret(result.body())).as("the key page with its secret").isPresent();
		String keyId = Jsoup.parse(result.body()).selectFirst("[data-testid=key-id]").text();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM key_audit WHERE key_id = ?", Long.class, keyId))
			.isZero();
	}

	@Test
	void theAdminSeesTheAuditFiltersItAndDownloadsItAsCsv() {
		this.audit.record(KeyAuditLogContract.issued("page-k1", "111", "filter.one", Instant.parse("2020-01-01T10:00:00Z")));
		this.audit.record(KeyAuditLogContract.issued("page-k2", "222", "filter.two", Instant.parse("2020-01-02T10:00:00Z")));
		this.audit.record(KeyAuditLogContract.issued("page-k3", "111", "=cmd|' /C calc'!A0", Instant.parse("2020-01-03T10:00:00Z")));
		WizardHttpClient admin = new WizardHttpClient(BASE);
		admin.signIn("ready", false);

		Exchange all = admin.get("/admin/audit");
		assertThat(all.status()).isEqualTo(200);
		assertThat(rowKeys(all)).contains("page-k1", "page-k2", "page-k3");
		assertThat(all.headers().get("cache-control")).anySatisfy((v) -> assertThat(v).contains("no-store"));

		assertThat(rowKeys(admin.get("/admin/audit?user=111"))).containsExactly("page-k3", "page-k1");
		assertThat(rowKeys(admin.get("/admin/audit?user=FILTER.TWO"))).containsExactly("page-k2");
		assertThat(rowKeys(admin.get("/admin/audit?from=2020-01-02&to=2020-01-02"))).containsExactly("page-k2");
		assertThat(rowKeys(admin.get("/admin/audit?user=111&from=2020-01-02&to=2020-01-31")))
			.containsExactly("page-k3");
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		assertThat(rowKeys(admin.get("/admin/audit?from=" + today.plusDays(2)))).isEmpty();

		Exchange csv = admin.get("/admin/audit.csv?user=111");
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.headers().get("content-type")).anySatisfy((v) -> assertThat(v).startsWith("text/csv"));
		assertThat(csv.headers().get("content-disposition")).anySatisfy((v) -> assertThat(v).contains("attachment"));
		List<Map<String, String>> rows = KeyAuditCsvTests.parse(csv.body());
		assertThat(rows).extracting((row) -> row.get("key_id")).containsExactly("page-k3", "page-k1");
		assertThat(rows.get(0).get("login")).as("a formula stays text").isEqualTo("'=cmd|' /c calc'!a0");
	}

	@Test
	void aBadFilterIsA400WithItsMessage() {
		WizardHttpClient admin = new WizardHttpClient(BASE);
		admin.signIn("ready", false);
		for (String query : List.of("from=yesterday", "from=2020-02-01&to=2020-01-01", "page=-1", "page=x",
				"user=" + "x".repeat(400))) {
			Exchange page = admin.get("/admin/audit?" + query);
			assertThat(page.status()).as(query).isEqualTo(400);
			Document html = Jsoup.parse(page.body());
			assertThat(html.select("[data-testid=audit-problems] p")).as(query).isNotEmpty();
			assertThat(html.select("[data-testid=audit-row]")).as(query).isEmpty();
			assertThat(admin.get("/admin/audit.csv?" + query).status()).as("CSV " + query).isEqualTo(400);
		}
		assertThat(Jsoup.parse(admin.get("/admin/audit?from=yesterday").body()).text())
			.contains("Enter dates as YYYY-MM-DD");
	}

	@Test
	void everybodyElseIsRefusedWithAPageThatSaysWhomToAsk() {
		this.audit.record(KeyAuditLogContract.issued("hidden-k1", "333", "someone", Instant.parse("2020-01-01T10:00:00Z")));
		WizardHttpClient ivan = new WizardHttpClient(BASE);
		ivan.signIn("trial", false);
		for (String path : List.of("/admin/audit", "/admin/audit.csv", "/admin/audit?user=333")) {
			Exchange refused = ivan.get(path);
			assertThat(refused.status()).as(path).isEqualTo(403);
			assertThat(refused.body()).as(path).contains("data-testid=\"not-admin\"").doesNotContain("hidden-k1");
			assertThat(Jsoup.parse(refused.body()).text()).contains("app.portal.admins");
		}

		Exchange anonymous = new WizardHttpClient(BASE).get("/admin/audit");
		assertThat(anonymous.status()).isEqualTo(302);
		assertThat(anonymous.location()).contains("/oauth2/authorization/yandex");
	}

	private static List<String> rowKeys(Exchange page) {
		assertThat(page.status()).as(page.uri()).isEqualTo(200);
		return Jsoup.parse(page.body())
			.select("[data-testid=audit-row]")
			.stream()
			.map((row) -> row.attr("data-key-id"))
			.toList();
	}

}
