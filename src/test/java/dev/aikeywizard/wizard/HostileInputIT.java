package dev.aikeywizard.wizard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import dev.aikeywizard.sandbox.SandboxProbe;
import dev.aikeywizard.sandbox.SandboxWorlds;
import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.UpstreamMutationCounter;
import dev.aikeywizard.support.WizardHttpClient;
import dev.aikeywizard.support.WizardHttpClient.Exchange;
import dev.aikeywizard.wizard.serviceaccount.ServiceAccountForm;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and malformed input against every form and parameter of the wizard, generated from one list of bad
 * values (wrong types, 10k-character values, Unicode/RTL/emoji/NUL, SQL, HTML/JS, Thymeleaf/SpEL, path traversal,
 * CRLF) plus other personas' ids, PENDING_DELETION folders, unknown roles and scopes, bad dates and CSRF tricks.
 * One signed-in session stands at step 5 (folder, service account and role done, no key yet) so every POST is
 * reachable and would mutate if it accepted its input; a second has a key, for the verification.
 * <p>
 * Asserted: no response is a 5xx; every bad POST gets a 4xx, and a 400/409/422 from the wizard shows a message (a
 * field error, the problem banner or the verification's error banner); no response echoes markup unescaped or lets a header
 * or cookie through; and not one mutating call reaches the cloud: a servlet filter counts every POST/PATCH/PUT/DELETE
 * to the emulated IAM and Resource Manager (the token exchange excluded) and each persona's service accounts,
 * bindings, keys and operations are compared before and after. The three live-check GETs (folder list, name check,
 * scope check) are read-only and answer bad values with 200 and feedback by design; for them we assert no 5xx, no
 * mutation, no unescaped echo, and for the name check a visible error.
 * <p>
 * How we checked that it can fail: it found real problems before they were fixed: a {@code {...}} in a folder or
 * service-account id reached the cloud client's URI template (500) and {@code javascript:x} became a custom-method
 * path upstream (501); an expiry that is not a date ({@code expiresOn=abc}) left no form to re-render (500); a
 * made-up secret on /wizard/verify was tried against the cloud and answered 200 "pending". A first version of this
 * test also sent {@code "yc.ai.languageModels.execute "} as a bad scope: the binder trims list elements, so that is
 * the valid scope and a key was made (counted as 1 mutation); padded valid ids are no longer in the bad lists.
 * Measured after the fixes: 1081 bad inputs, 933 answered 4xx, 0 5xx, 148 live-check GETs answered 200, 0 mutations.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = "app.sandbox.role-propagation-delay=500ms")
class HostileInputIT {

	static final int PORT = FreePort.find();

	static final Pattern NAME = Pattern.compile(ServiceAccountForm.NAME_PATTERN);

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Probes {

		@Bean
		UpstreamMutationCounter upstreamMutationCounter() {
			return new UpstreamMutationCounter();
		}

	}

	@Autowired
	UpstreamMutationCounter mutations;

	@Autowired
	SandboxWorlds worlds;

	/** One bad request and what it must get. */
	record Case(String endpoint, Exchange exchange, boolean mustBe4xx) {
	}

	private final List<Case> cases = new ArrayList<>();

	@Test
	void badInputNeverFailsTheServerNorChangesTheCloud() {
		String base = "http://localhost:" + PORT;
		LocalDate today = LocalDate.now(ZoneOffset.UTC);

		// Session B (trial) has a key: the target of the verification inputs.
		WizardHttpClient other = new WizardHttpClient(base);
		other.signIn("trial", false);
		Exchange otherResult = other.express(Duration.ofSeconds(60));
		String otherSecret = WizardHttpClient.secret(otherResult.body()).orElseThrow();
		String otherCsrf = WizardHttpClient.csrf(otherResult.body());

		// Session A (ready) stands at step 5.
		WizardHttpClient a = new WizardHttpClient(base);
		a.signIn("ready", false);
		Exchange cloudPage = a.follow(a.get("/wizard/cloud"));
		String cloudId = WizardHttpClient.selected(cloudPage.body(), "cloudId").orElseThrow();
		String folderId = WizardHttpClient.selected(cloudPage.body(), "folderId").orElseThrow();
		Exchange saPage = a.follow(a.post("/wizard/cloud",
				Map.of("cloudId", cloudId, "folderId", folderId, "_csrf", WizardHttpClient.csrf(cloudPage.body())),
				Map.of()));
		Exchange rolesPage = a.settle(a.follow(a.post("/wizard/service-account",
				Map.of("name", "sa-hostile-input", "description", "", "_csrf", WizardHttpClient.csrf(saPage.body())),
				Map.of())), Duration.ofSeconds(30));
		Exchange scopePage = a.settle(a.follow(a.post("/wizard/roles",
				Map.of("roles", "ai.languageModels.user", "_csrf", WizardHttpClient.csrf(rolesPage.body())),
				Map.of())), Duration.ofSeconds(30));
		assertThat(scopePage.uri()).as(scopePage.body()).endsWith("/wizard/scope");
		String csrf = WizardHttpClient.csrf(scopePage.body());
		String ownSa = SandboxProbe.serviceAccountIds(this.worlds, "ready").get(0);

		// Ids the user must not be able to use.
		List<String> foreignFolders = new ArrayList<>(SandboxProbe.folderIds(this.worlds, "ready", "PENDING_DELETION"));
		List<String> foreignClouds = new ArrayList<>();
		for (String persona : List.of("trial", "nobilling", "viewer", "flaky")) {
			foreignFolders.addAll(SandboxProbe.folderIds(this.worlds, persona, "ACTIVE"));
			foreignClouds.addAll(SandboxProbe.cloudIds(this.worlds, persona));
		}
		List<String> foreignAccounts = new ArrayList<>(SandboxProbe.serviceAccountIds(this.worlds, "viewer"));
		foreignAccounts.addAll(SandboxProbe.serviceAccountIds(this.worlds, "trial"));
		String nobillingCloud = SandboxProbe.cloudIds(this.worlds, "nobilling").get(0);
		String nobillingFolder = SandboxProbe.folderIds(this.worlds, "nobilling", "ACTIVE").get(0);

		int mutationsBefore = this.mutations.count();
		Map<String, List<Integer>> worldBefore = SandboxProbe.counts(this.worlds);
		String valid = today.plusDays(30).toString();

		// Step 2: cloud and folder, and the express path that starts from it.
		for (String url : List.of("/wizard/cloud", "/wizard/express")) {
			for (String v : hostile()) {
				post(a, url, csrf, true, entry("cloudId", v), entry("folderId", folderId));
				post(a, url, csrf, false, entry("cloudId", cloudId), entry("folderId", v));
			}
			for (String f : foreignFolders) {
				post(a, url, csrf, true, entry("cloudId", cloudId), entry("folderId", f));
			}
			for (String c : foreignClouds) {
				post(a, url, csrf, false, entry("cloudId", c), entry("folderId", folderId));
			}
			post(a, url, csrf, true, entry("cloudId", nobillingCloud), entry("folderId", nobillingFolder));
			post(a, url, csrf, true, entry("folderId", folderId));
			post(a, url, csrf, true, entry("cloudId", cloudId));
			post(a, url, csrf, false, entry("cloudId", cloudId), entry("folderId", foreignFolders.get(1)),
					entry("folderId", folderId));
		}

		// Step 3: a new service account (name rules, description length) or an existing one.
		List<String> names = new ArrayList<>(hostile().stream().filter((v) -> !NAME.matcher(v.strip()).matches())
			.toList());
		names.addAll(List.of("a", "A", "Ab", "ab_c", "-ab", "ab-", "1abc", "ab c", "a".repeat(64), "аб"));
		for (String v : names) {
			post(a, "/wizard/service-account", csrf, v.length() % 2 == 0, entry("name", v),
					entry("description", "ok"));
		}
		for (String v : hostile()) {
			if (v.length() <= 256) {
				// Free text is legal content; paired with an invalid name it must be refused and shown escaped.
				post(a, "/wizard/service-account", csrf, true, entry("name", "-bad-"), entry("description", v));
			}
		}
		post(a, "/wizard/service-account", csrf, false, entry("name", "sa-long-description"),
				entry("description", "d".repeat(257)));
		post(a, "/wizard/service-account", csrf, true, entry("name", "sa-long-description"),
				entry("description", "d".repeat(10_000)));
		for (String v : concat(hostile(), foreignAccounts)) {
			post(a, "/wizard/service-account/existing", csrf, v.length() % 2 == 0, entry("serviceAccountId", v));
		}
		post(a, "/wizard/service-account/existing", csrf, true);

		// Step 4: roles from the fixed list only.
		// Not here: blank values (no role chosen is how the form continues when a role is already bound) and
		// padded valid ids (the binder trims list elements, so " ai.languageModels.user" is that role).
		List<String> roles = concat(hostile(), List.of("admin", "editor", "viewer", "AI.LANGUAGEMODELS.USER",
				"ai.*", "ai.languageModels.user,admin", "resource-manager.clouds.owner", "iam.serviceAccounts.user"));
		roles.removeIf(String::isBlank);
		for (String v : roles) {
			post(a, "/wizard/roles", csrf, true, entry("roles", v));
			post(a, "/wizard/roles", csrf, false, entry("roles", "ai.languageModels.user"), entry("roles", v));
		}

		// Step 5: scopes from the fixed list, an expiry in the future and within the maximum, a short description.
		List<String> scopes = concat(hostile(), List.of("yc.ai.languageModels.execute,yc.ai.*",
				"YC.AI.LANGUAGEMODELS.EXECUTE", "yc.ai.*", "yc.resource-manager.clouds.owner", "ai.languageModels.user"));
		for (String v : scopes) {
			if (!v.isBlank()) {
				post(a, "/wizard/key", csrf, true, entry("scopes", v), entry("expiresOn", valid),
						entry("description", "x"));
				post(a, "/wizard/key", csrf, false, entry("scopes", "yc.ai.languageModels.execute"),
						entry("scopes", v), entry("expiresOn", valid));
			}
		}
		post(a, "/wizard/key", csrf, true, entry("expiresOn", valid), entry("description", "no scope"));
		List<String> dates = new ArrayList<>(hostile().stream().filter((v) -> !v.isBlank()).toList());
		dates.addAll(List.of(today.toString(), today.minusDays(1).toString(), "1970-01-01", "2000-02-29",
				today.plusDays(366).toString(), today.plusYears(5).toString(), "9999-12-31", "+999999999-12-31",
				"-2027-01-01", "2027-02-30", "2027-13-01", "27-01-01", "01.02.2027", "2027/01/02",
				today.plusDays(30) + "T00:00:00Z", today.plusDays(30) + " ", "0000-00-00"));
		for (String v : dates) {
			post(a, "/wizard/key", csrf, v.length() % 2 == 0, entry("scopes", "yc.ai.languageModels.execute"),
					entry("expiresOn", v));
		}
		post(a, "/wizard/key", csrf, true, entry("scopes", "yc.ai.languageModels.execute"),
				entry("expiresOn", today.minusDays(1).toString()), entry("expiresOn", valid));
		for (String v : hostile()) {
			if (v.length() <= 256) {
				post(a, "/wizard/key", csrf, false, entry("scopes", "yc.ai.languageModels.execute"),
						entry("expiresOn", "1999-01-01"), entry("description", v));
			}
		}
		post(a, "/wizard/key", csrf, true, entry("scopes", "yc.ai.languageModels.execute"), entry("expiresOn", valid),
				entry("description", "d".repeat(257)));
		post(a, "/wizard/key", csrf, false, entry("scopes", "yc.ai.languageModels.execute"), entry("expiresOn", valid),
				entry("description", "d".repeat(10_000)));

		// The verification (session B has a key): the secret must be that key's.
		for (String v : concat(hostile(), List.of("AQVN" + "x".repeat(36), otherSecret + "x",
				otherSecret.substring(0, otherSecret.length() - 1), otherSecret.toLowerCase() + "Z"))) {
			post(other, "/wizard/verify", otherCsrf, v.length() % 2 == 0, entry("secret", v));
		}

		// Connect your cloud: kind from two values, a token of token characters.
		for (String v : hostile()) {
			post(a, "/wizard/connect", csrf, true, entry("kind", v), entry("token", "y0_AgAAAAB3not4real"));
			post(a, "/wizard/connect", csrf, false, entry("kind", "oauth"), entry("token", v));
			post(a, "/wizard/connect", csrf, true, entry("kind", "iam"), entry("token", v));
		}

		// CSRF: missing, wrong, another session's, empty, repeated (wrong first), wrong header, on requests that
		// would otherwise be accepted and mutate.
		Map<String, List<Map.Entry<String, String>>> acceptable = new LinkedHashMap<>();
		acceptable.put("/wizard/cloud", List.of(entry("cloudId", cloudId), entry("folderId", folderId)));
		acceptable.put("/wizard/express", List.of(entry("cloudId", cloudId), entry("folderId", folderId)));
		acceptable.put("/wizard/service-account", List.of(entry("name", "sa-csrf-probe"), entry("description", "")));
		acceptable.put("/wizard/service-account/existing", List.of(entry("serviceAccountId", ownSa)));
		acceptable.put("/wizard/roles", List.of(entry("roles", "ai.imageGeneration.user")));
		acceptable.put("/wizard/key", List.of(entry("scopes", "yc.ai.languageModels.execute"),
				entry("expiresOn", valid), entry("description", "csrf")));
		acceptable.put("/wizard/connect", List.of(entry("kind", "oauth"), entry("token", "y0_AgAAAAB3not4real")));
		acceptable.put("/wizard/another", List.of());
		acceptable.put("/wizard/progress", List.of());
		acceptable.put("/wizard/verify", List.of(entry("secret", otherSecret)));
		acceptable.forEach((url, params) -> {
			WizardHttpClient who = url.equals("/wizard/verify") ? other : a;
			String theirs = url.equals("/wizard/verify") ? csrf : otherCsrf;
			List<Map.Entry<String, String>> form = new ArrayList<>(params);
			record(url, who.postPairs(url, form, Map.of()), true);
			record(url, who.postPairs(url, with(form, entry("_csrf", "wrong")), Map.of()), true);
			record(url, who.postPairs(url, with(form, entry("_csrf", "")), Map.of()), true);
			record(url, who.postPairs(url, with(form, entry("_csrf", theirs)), Map.of()), true);
			record(url, who.postPairs(url, with(with(form, entry("_csrf", "wrong")), entry("_csrf",
					url.equals("/wizard/verify") ? otherCsrf : csrf)), Map.of()), true);
			record(url, who.postPairs(url, form, Map.of("HX-Request", "true", "X-CSRF-TOKEN", theirs)), true);
		});

		// Wrong content type: JSON instead of a form.
		for (String url : List.of("/wizard/cloud", "/wizard/express", "/wizard/service-account",
				"/wizard/service-account/existing", "/wizard/key", "/wizard/connect")) {
			record(url, a.postBody(url, "application/json",
					"{\"cloudId\":\"" + cloudId + "\",\"folderId\":\"" + folderId + "\",\"name\":\"sa-json\"}",
					Map.of("X-CSRF-TOKEN", csrf, "HX-Request", "true")), true);
		}
		record("/wizard/verify", other.postBody("/wizard/verify", "application/json",
				"{\"secret\":\"" + otherSecret + "\"}", Map.of("X-CSRF-TOKEN", otherCsrf, "HX-Request", "true")),
				true);

		// The live checks (GET, read-only): tolerant by design, but never a 5xx, a mutation or an unescaped echo.
		for (String v : concat(hostile(), foreignClouds)) {
			if (v.length() < 5000) {
				record("GET /wizard/cloud", a.get("/wizard/cloud?cloudId=" + enc(v),
						Map.of("HX-Request", "true", "HX-Trigger-Name", "cloudId")), false);
			}
			else {
				record("GET /wizard/cloud", a.get("/wizard/cloud?cloudId=" + enc(v)), false);
			}
		}
		for (String v : names) {
			Exchange check = a.get("/wizard/service-account/name-check?name=" + enc(v), Map.of("HX-Request", "true"));
			record("GET /wizard/service-account/name-check", check, false);
			if (check.status() == 200) {
				assertThat(check.body()).as("name check of " + abbreviate(v)).contains("field-error");
			}
		}
		for (String v : scopes) {
			Exchange check = a.get("/wizard/scope/check?scopes=" + enc(v), Map.of("HX-Request", "true"));
			record("GET /wizard/scope/check", check, false);
		}

		// Tally and verdict.
		Map<String, int[]> byEndpoint = new TreeMap<>();
		int fourxx = 0;
		int fivexx = 0;
		List<String> problems = new ArrayList<>();
		for (Case c : this.cases) {
			int status = c.exchange().status();
			int[] row = byEndpoint.computeIfAbsent(c.endpoint(), (k) -> new int[4]);
			row[0]++;
			if (status >= 500) {
				fivexx++;
				row[2]++;
				problems.add("5xx: " + describe(c));
			}
			else if (status >= 400) {
				fourxx++;
				row[1]++;
			}
			else {
				row[3]++;
				if (c.mustBe4xx()) {
					problems.add("not refused: " + describe(c));
				}
			}
			String body = c.exchange().body();
			boolean refusedByTheWizard = status == 400 || status == 409 || status == 422;
			if (c.mustBe4xx() && refusedByTheWizard && !body.contains("class=\"field-error\"")
					&& !body.contains("data-testid=\"problem\"") && !body.contains("banner-error")) {
				problems.add("refused without a message: " + describe(c));
			}
			String sent = c.exchange().requestBody() + " " + c.exchange().uri();
			for (String markup : List.of("<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
					"<svg/onload=alert(1)>")) {
				if (sent.contains(enc(markup)) && body.contains(markup)) {
					problems.add("unescaped echo of " + markup + ": " + describe(c));
				}
			}
			if (c.exchange().headers().containsKey("x-injected") || c.exchange()
				.headers()
				.getOrDefault("set-cookie", List.of())
				.stream()
				.anyMatch((cookie) -> cookie.startsWith("evil"))) {
				problems.add("header injection: " + describe(c));
			}
		}
		int mutationsAfter = this.mutations.count();
		Map<String, List<Integer>> worldAfter = SandboxProbe.counts(this.worlds);
		System.out.printf("HostileInputIT: %d bad inputs sent, %d answered 4xx, %d answered 5xx, %d answered 2xx/3xx"
				+ " (live-check GETs), %d mutating upstream calls%n", this.cases.size(), fourxx, fivexx,
				this.cases.size() - fourxx - fivexx, mutationsAfter - mutationsBefore);
		byEndpoint.forEach((endpoint, row) -> System.out.printf("  %-45s sent %4d  4xx %4d  5xx %3d  other %4d%n",
				endpoint, row[0], row[1], row[2], row[3]));
		assertThat(this.cases).as("bad inputs sent").hasSizeGreaterThanOrEqualTo(500);
		assertThat(problems).as("problems").isEmpty();
		assertThat(this.mutations.mutations().subList(mutationsBefore, mutationsAfter))
			.as("mutating calls to the cloud caused by bad input").isEmpty();
		assertThat(worldAfter).as("service accounts, bindings, keys, operations per persona").isEqualTo(worldBefore);
	}

	private void post(WizardHttpClient browser, String url, String csrf, boolean asHtmx,
			Map.Entry<String, String>... params) {
		List<Map.Entry<String, String>> form = new ArrayList<>(List.of(params));
		Exchange exchange;
		if (asHtmx) {
			exchange = browser.postPairs(url, form, Map.of("HX-Request", "true", "X-CSRF-TOKEN", csrf));
		}
		else {
			form.add(entry("_csrf", csrf));
			exchange = browser.postPairs(url, form, Map.of());
		}
		record(url, exchange, true);
	}

	private void record(String endpoint, Exchange exchange, boolean mustBe4xx) {
		this.cases.add(new Case(endpoint, exchange, mustBe4xx));
	}

	private static List<Map.Entry<String, String>> with(List<Map.Entry<String, String>> form,
			Map.Entry<String, String> extra) {
		List<Map.Entry<String, String>> all = new ArrayList<>(form);
		all.add(extra);
		return all;
	}

	private static String describe(Case c) {
		Exchange e = c.exchange();
		return e.method() + " " + abbreviate(e.uri()) + " [" + abbreviate(String.valueOf(e.requestBody())) + "] -> "
				+ e.status() + " " + abbreviate(e.body().replaceAll("\\s+", " "));
	}

	private static String abbreviate(String text) {
		return (text.length() > 160) ? text.substring(0, 160) + "…(" + text.length() + ")" : text;
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@SafeVarargs
	private static List<String> concat(List<String>... lists) {
		List<String> all = new ArrayList<>();
		for (List<String> list : lists) {
			all.addAll(list);
		}
		return all;
	}

	/** The bad values every text parameter gets. */
	static List<String> hostile() {
		return List.of("", " ", "\t", "null", "undefined", "0", "-1", "1e309", "NaN", "true", "[]", "{}",
				"{\"id\":1}", "x".repeat(10_000), "<".repeat(10_000), "папка", "\u202Eevil\u202C", "🔑🗝💥",
				"a\u0000b", "\u0000", "\u200B", "\uFEFFabc", "' OR '1'='1", "1; DROP TABLE folders;--",
				"\" OR \"\"=\"", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
				"javascript:alert(1)", "<svg/onload=alert(1)>", "${7*7}",
				"__${T(java.lang.Runtime).getRuntime().exec('id')}__::.x", "*{7*7}", "#{7*7}", "[[${7*7}]]",
				"~{wizard/key :: step}", "../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd",
				"b1g/../../apiKeys", "..;/..;/", "b1g?pageSize=1", "b1g#frag", "{id}", "%7Bid%7D",
				"abc\r\nSet-Cookie: evil=1", "abc\r\nX-Injected: 1", "%0d%0aX-Injected:%201");
	}

}
