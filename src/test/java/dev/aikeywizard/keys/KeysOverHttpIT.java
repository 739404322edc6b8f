package dev.aikeywizard.keys;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.aikeywizard.sandbox.SandboxProbe;
import dev.aikeywizard.sandbox.SandboxWorlds;
import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.WizardHttpClient;
import dev.aikeywizard.support.WizardHttpClient.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * My keys over plain HTTP against the app and its sandbox (persona keeper: a service account with a key used an hour
 * ago, one never used, one idle for 45 days that expires in 5 days): the list, rotate (one successor per rotate
 * page, its secret in one no-store response), revoke, change of expiry and scopes, the calendar file, and every
 * refusal, each with a 4xx, a message and nothing changed in the sandbox.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class KeysOverHttpIT {

	static final int PORT = FreePort.find();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
	}

	@TestConfiguration
	static class Events {

		final List<Object> seen = new CopyOnWriteArrayList<>();

		@EventListener
		void on(KeyRotated event) {
			this.seen.add(event);
		}

		@EventListener
		void on(KeyRevoked event) {
			this.seen.add(event);
		}

		@EventListener
		void on(KeyExpiryChanged event) {
			this.seen.add(event);
		}

		@EventListener
		void on(KeyScopesChanged event) {
			this.seen.add(event);
		}

	}

	@Autowired
	SandboxWorlds worlds;

	@Autowired
	Events events;

	WizardHttpClient browser;

	String folderId;

	@BeforeEach
	void signIn() {
		this.worlds.reset();
		this.events.seen.clear();
		this.browser = new WizardHttpClient("http://localhost:" + PORT);
		this.browser.signIn("keeper", false);
		this.folderId = SandboxProbe.folderIds(this.worlds, "keeper", "ACTIVE").get(0);
		// the app may still hold an IAM token from before the reset: it signs in again, once
		this.browser.followSigningIn(this.browser.get("/keys"), "keeper");
	}

	Exchange list() {
		Exchange page = this.browser.get("/keys?folderId=" + this.folderId);
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		return page;
	}

	static List<String> keyIds(String html) {
		List<String> ids = new ArrayList<>();
		Matcher m = Pattern.compile("data-testid=\"key-row\" data-key-id=\"([a-z0-9]+)\"").matcher(html);
		while (m.find()) {
			ids.add(m.group(1));
		}
		return ids;
	}

	static String row(String html, String keyId) {
		int start = html.indexOf("data-key-id=\"" + keyId + "\"");
		return html.substring(start, html.indexOf("</tr>", start));
	}

	int sandboxKeys() {
		return SandboxProbe.world(this.worlds, "keeper").keys().size();
	}

	Map<String, String> csrf(Exchange page) {
		return Map.of("_csrf", WizardHttpClient.csrf(page.body()));
	}

	@Test
	void theListShowsEachKeyWithLastUseAndBadgesButNotAnAccountWithoutAiRoleOrKeys() {
		String html = list().body();
		assertThat(html).contains("data-testid=\"keys\"").contains("ai-chatbot").doesNotContain("ci-deployer");
		List<String> ids = keyIds(html);
		assertThat(ids).hasSize(3);
		List<String> rows = ids.stream().map((id) -> row(html, id)).toList();
		assertThat(rows).filteredOn((r) -> r.contains("data-testid=\"last-used\">never<")).hasSize(1);
		assertThat(rows).filteredOn((r) -> r.contains("data-badge=\"expiresSoon\"") && r.contains("data-badge=\"unused\""))
			.hasSize(1);
		assertThat(rows).allMatch((r) -> r.matches("(?s).*\\*{4}[a-zA-Z0-9]{6}.*"));
	}

	@Test
	void rotateMakesOneSuccessorShowsItsSecretOnceAndKeepsTheOldKey() {
		String old = keyIds(list().body()).get(0);
		Exchange offer = this.browser.get("/keys/" + old + "/rotate?folderId=" + this.folderId);
		assertThat(offer.status()).isEqualTo(200);
		Matcher action = Pattern.compile("action=\"(/keys/rotations/[-0-9a-f]+)\"").matcher(offer.body());
		assertThat(action.find()).isTrue();
		Exchange first = this.browser.post(action.group(1), csrf(offer), Map.of());
		Exchange second = this.browser.post(action.group(1), csrf(offer), Map.of());
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.headers().get("cache-control")).contains("no-store");
		String secret = WizardHttpClient.secret(first.body()).orElseThrow();
		assertThat(first.body()).contains("data-testid=\"copy\"").contains("data-testid=\"revoke-old\"");
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.body()).doesNotContain(secret).contains("data-testid=\"already-issued\"");
		assertThat(sandboxKeys()).isEqualTo(4);
		String after = list().body();
		assertThat(keyIds(after)).hasSize(4).contains(old);
		assertThat(after).doesNotContain(secret);
		assertThat(this.events.seen).singleElement().isInstanceOf(KeyRotated.class);
		assertThat(this.events.seen.get(0).toString()).doesNotContain(secret);
		String successor = ((KeyRotated) this.events.seen.get(0)).successorKeyId();
		assertThat(SandboxProbe.world(this.worlds, "keeper").keys())
			.filteredOn((k) -> k.id().equals(successor))
			.singleElement()
			.satisfies((k) -> assertThat(k.scopes()).containsExactly("yc.ai.languageModels.execute"));
		// another user cannot use this rotation page
		WizardHttpClient stranger = new WizardHttpClient("http://localhost:" + PORT);
		Exchange theirs = stranger.signIn("ready", false);
		Exchange refused = stranger.post(action.group(1), Map.of("_csrf", WizardHttpClient.csrf(theirs.body())),
				Map.of());
		assertThat(refused.status()).isEqualTo(404);
	}

	@Test
	void revokeAsksNamingTheKeyThenDeletesItOnce() {
		String html = list().body();
		String id = keyIds(html).get(0);
		Exchange confirm = this.browser.get("/keys/" + id + "/revoke?folderId=" + this.folderId);
		assertThat(confirm.body()).contains("data-testid=\"confirm\"").contains(id).containsPattern("\\*{4}[a-zA-Z0-9]{6}");
		Exchange done = this.browser.follow(this.browser.post("/keys/" + id + "/revoke",
				Map.of("folderId", this.folderId, "_csrf", WizardHttpClient.csrf(confirm.body())), Map.of()));
		assertThat(done.status()).isEqualTo(200);
		assertThat(keyIds(done.body())).hasSize(2).doesNotContain(id);
		assertThat(sandboxKeys()).isEqualTo(2);
		assertThat(this.events.seen).singleElement().isInstanceOf(KeyRevoked.class);
	}

	@Test
	void extendChangesTheExpiryInPlaceThroughAnUpdate() {
		String id = keyIds(list().body()).get(0);
		Exchange edit = this.browser.get("/keys/" + id + "/edit?folderId=" + this.folderId);
		LocalDate until = LocalDate.now(ZoneOffset.UTC).plusDays(100);
		Exchange done = this.browser.follow(this.browser.postPairs("/keys/" + id + "/edit",
				List.of(Map.entry("folderId", this.folderId), Map.entry("expiresOn", until.toString()),
						Map.entry("timeZone", "UTC"), Map.entry("scopes", "yc.ai.languageModels.execute"),
						Map.entry("_csrf", WizardHttpClient.csrf(edit.body()))),
				Map.of()));
		assertThat(done.status()).isEqualTo(200);
		assertThat(row(done.body(), id)).contains(until + " 23:59");
		assertThat(this.events.seen).singleElement().isInstanceOf(KeyExpiryChanged.class);
		assertThat(sandboxKeys()).isEqualTo(3);
	}

	Exchange extend(String id, LocalDate until) {
		Exchange edit = this.browser.get("/keys/" + id + "/edit?folderId=" + this.folderId);
		return this.browser.follow(this.browser.postPairs("/keys/" + id + "/edit",
				List.of(Map.entry("folderId", this.folderId), Map.entry("expiresOn", until.toString()),
						Map.entry("timeZone", "UTC"), Map.entry("formId", WizardHttpClient.hiddenInputs(edit.body()).get("formId")),
						Map.entry("_csrf", WizardHttpClient.csrf(edit.body()))),
				Map.of()));
	}

	@Test
	void extendShortenAndExtendAgainEachApplyWhileOneFormSubmittedTwiceChangesOnce() {
		String id = keyIds(list().body()).get(0);
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		extend(id, today.plusDays(100));
		extend(id, today.plusDays(50));
		Exchange last = extend(id, today.plusDays(100));
		assertThat(row(last.body(), id)).contains(today.plusDays(100) + " 23:59");
		assertThat(this.events.seen).hasSize(3).allMatch(KeyExpiryChanged.class::isInstance);
		Exchange edit = this.browser.get("/keys/" + id + "/edit?folderId=" + this.folderId);
		List<Map.Entry<String, String>> form = List.of(Map.entry("folderId", this.folderId),
				Map.entry("expiresOn", today.plusDays(30).toString()), Map.entry("timeZone", "UTC"),
				Map.entry("formId", WizardHttpClient.hiddenInputs(edit.body()).get("formId")),
				Map.entry("_csrf", WizardHttpClient.csrf(edit.body())));
		this.browser.postPairs("/keys/" + id + "/edit", form, Map.of());
		this.browser.postPairs("/keys/" + id + "/edit", form, Map.of());
		assertThat(this.events.seen).hasSize(4);
		assertThat(row(list().body(), id)).contains(today.plusDays(30) + " 23:59");
	}

	@Test
	void changingScopesKeepsOtherScopesAndTheSecretAndSaysWhatChanged() {
		String id = keyIds(list().body()).get(0);
		Exchange edit = this.browser.get("/keys/" + id + "/edit?folderId=" + this.folderId);
		Exchange done = this.browser.follow(this.browser.postPairs("/keys/" + id + "/edit",
				List.of(Map.entry("folderId", this.folderId), Map.entry("scopes", "yc.ai.foundationModels.execute"),
						Map.entry("scopes", "yc.ai.languageModels.execute"),
						Map.entry("_csrf", WizardHttpClient.csrf(edit.body()))),
				Map.of()));
		assertThat(done.status()).isEqualTo(200);
		assertThat(SandboxProbe.world(this.worlds, "keeper").keys())
			.filteredOn((k) -> k.id().equals(id))
			.singleElement()
			.satisfies((k) -> assertThat(k.scopes()).containsExactlyInAnyOrder("yc.ai.languageModels.execute",
					"yc.ai.foundationModels.execute"));
		assertThat(this.events.seen).singleElement().isInstanceOf(KeyScopesChanged.class);
	}

	@Test
	void theWizardsKeyPageOffersTheReminderAndMyKeys() {
		this.browser.follow(this.browser.get("/wizard"));
		Exchange result = this.browser.express(java.time.Duration.ofSeconds(60));
		assertThat(WizardHttpClient.secret(result.body())).isPresent();
		Matcher reminder = Pattern.compile("href=\"(/keys/[a-z0-9]+/reminder\\.ics\\?folderId=[a-z0-9]+)\"")
			.matcher(result.body());
		assertThat(reminder.find()).as(result.body()).isTrue();
		assertThat(result.body()).contains("data-testid=\"my-keys-from-key\"");
		Exchange ics = this.browser.get(reminder.group(1));
		assertThat(ics.status()).isEqualTo(200);
		assertThat(ics.body()).startsWith("BEGIN:VCALENDAR\r\n").contains("TRIGGER:-P7D")
			.doesNotContain(WizardHttpClient.secret(result.body()).get());
	}

	@Test
	void theReminderIsACalendarEventAtTheExpiryWithAnAlarmAWeekBefore() {
		String html = list().body();
		String id = keyIds(html).get(0);
		Exchange ics = this.browser.get("/keys/" + id + "/reminder.ics?folderId=" + this.folderId);
		assertThat(ics.status()).isEqualTo(200);
		assertThat(ics.headers().get("content-type").get(0)).startsWith("text/calendar");
		assertThat(ics.body()).startsWith("BEGIN:VCALENDAR\r\n").endsWith("END:VCALENDAR\r\n")
			.contains("TRIGGER:-P7D").contains(id).contains(this.folderId).containsPattern("DTSTART:\\d{8}T\\d{6}Z\r\n");
	}

	@Test
	void refusalsAre4xxWithAMessageAndChangeNothing() {
		String html = list().body();
		String id = keyIds(html).get(0);
		String csrf = WizardHttpClient.csrf(html);
		String otherFolder = SandboxProbe.folderIds(this.worlds, "keeper", "ACTIVE").get(1);
		String foreign = SandboxProbe.world(this.worlds, "viewer").keys().get(0).id();
		// a key of another user's world, a key named in a folder it is not in, a malformed id
		assertRefused(this.browser.post("/keys/" + foreign + "/revoke", Map.of("folderId", this.folderId, "_csrf", csrf),
				Map.of()), 404, foreign);
		assertRefused(this.browser.post("/keys/" + id + "/revoke", Map.of("folderId", otherFolder, "_csrf", csrf),
				Map.of()), 404, otherFolder);
		assertRefused(this.browser.post("/keys/NOT-AN-ID/revoke", Map.of("folderId", this.folderId, "_csrf", csrf),
				Map.of()), 400, "not a valid key id");
		// a past expiry, an unknown scope
		assertRefused(this.browser.postPairs("/keys/" + id + "/edit", List.of(Map.entry("folderId", this.folderId),
				Map.entry("expiresOn", "2020-01-01"), Map.entry("_csrf", csrf)), Map.of()), 400, "in the future");
		assertRefused(this.browser.postPairs("/keys/" + id + "/edit", List.of(Map.entry("folderId", this.folderId),
				Map.entry("scopes", "yc.ydb.tables.manage"), Map.entry("_csrf", csrf)), Map.of()), 400, "scopes");
		assertRefused(this.browser.get("/keys/" + foreign + "/rotate?folderId=" + this.folderId), 404, foreign);
		assertThat(sandboxKeys()).isEqualTo(3);
		assertThat(keyIds(list().body())).hasSize(3);
		assertThat(this.events.seen).isEmpty();
	}

	@Test
	void permissionDeniedNamesTheMissingRole() {
		WizardHttpClient viewer = new WizardHttpClient("http://localhost:" + PORT);
		viewer.signIn("viewer", false);
		String folder = SandboxProbe.folderIds(this.worlds, "viewer", "ACTIVE").get(0);
		Exchange page = viewer.get("/keys?folderId=" + folder);
		assertThat(page.status()).isEqualTo(200);
		String id = keyIds(page.body()).get(0);
		Exchange denied = viewer.post("/keys/" + id + "/revoke",
				Map.of("folderId", folder, "_csrf", WizardHttpClient.csrf(page.body())), Map.of());
		assertRefused(denied, 403, "iam.serviceAccounts.admin");
		assertThat(SandboxProbe.world(this.worlds, "viewer").keys()).hasSize(1);
	}

	static void assertRefused(Exchange exchange, int status, String messagePart) {
		assertThat(exchange.status()).as(exchange.body()).isEqualTo(status);
		assertThat(exchange.body()).contains("data-testid=\"problem\"").contains(messagePart);
	}

}
