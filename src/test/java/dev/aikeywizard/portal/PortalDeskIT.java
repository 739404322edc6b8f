package dev.aikeywizard.portal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.aikeywizard.cloud.ApiKeyApi;
import dev.aikeywizard.cloud.CreateApiKeyRequest;
import dev.aikeywizard.sandbox.SandboxProbe;
import dev.aikeywizard.sandbox.SandboxWorlds;
import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.UpstreamCallLog;
import dev.aikeywizard.support.WizardHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key desk on the sandbox organisation (profile {@code portal-demo}): a staff member gets a verified key on the
 * express path, every change in the cloud made by the desk's own service account; someone outside the allow-lists
 * gets the "not allowed" page and no cloud call is made for them; and every rule of the policy refuses what it does
 * not allow, with nothing created.
 */
@Import(UpstreamCallLog.Installed.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "app.sandbox.role-propagation-delay=200ms", "app.portal.folders=",
				"app.portal.keys-per-user=2" })
@ActiveProfiles("portal-demo")
@ExtendWith(OutputCaptureExtension.class)
class PortalDeskIT {

	static final int PORT = FreePort.find();

	static final Path KEY_DIR = tempDir();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
		registry.add("app.sandbox.operator-key-file", () -> KEY_DIR.resolve("operator-key.json").toString());
	}

	@Autowired
	SandboxWorlds worlds;

	@Autowired
	UpstreamCallLog calls;

	@Autowired
	OperatorCredentials operator;

	@Autowired
	ApiKeyApi apiKeys;

	@BeforeEach
	void reset() {
		this.worlds.reset();
		this.operator.refused(); // the sandbox forgot every token it issued, the desk's own too
		this.calls.clear();
	}

	@AfterAll
	static void removeKeyFile() throws Exception {
		Files.deleteIfExists(KEY_DIR.resolve("operator-key.json"));
		Files.deleteIfExists(KEY_DIR);
	}

	@Test
	void staffGetAVerifiedKeyAndEveryChangeIsMadeByTheDesksServiceAccount(CapturedOutput output) throws Exception {
		WizardHttpClient browser = client();
		WizardHttpClient.Exchange first = browser.signIn("staff", false);
		assertThat(first.uri()).endsWith("/wizard/cloud");
		assertThat(first.body()).doesNotContain("Northwind Analytics LLC").doesNotContain("1204500");
		// Only the templates within the policy (text; text and images) are offered.
		assertThat(first.body()).contains("value=\"text\"")
			.doesNotContain("value=\"all-ai\"")
			.doesNotContain("value=\"speech\"");
		WizardHttpClient.Exchange result = browser.express(Duration.ofSeconds(60));
		String secret = WizardHttpClient.secret(result.body())
			.orElseThrow(() -> new AssertionError("no secret: " + result.status() + " " + result.body()));
		assertThat(browser.verified(result.body(), Duration.ofSeconds(30)))
			.isEqualTo("success");

		SandboxProbe.World org = SandboxProbe.world(this.worlds, SandboxProbe.ORGANISATION);
		SandboxProbe.Sa account = org.serviceAccounts()
			.stream()
			.filter((sa) -> sa.name().equals("ai-desk-alexey-ivanov"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no staff account in " + org.serviceAccounts()));
		assertThat(org.keys()).singleElement().satisfies((key) -> {
			assertThat(key.serviceAccountId()).isEqualTo(account.id());
			assertThat(key.scopes()).containsExactly("yc.ai.languageModels.execute");
		});
		assertThat(SandboxProbe.operationCreators(this.worlds, SandboxProbe.ORGANISATION)).isNotEmpty()
			.allSatisfy((creator) -> assertThat(creator).isEqualTo(SandboxProbe.OPERATOR_SERVICE_ACCOUNT));
		// The staff member's own token was never exchanged (IAM would refuse it) nor used on their own world.
		assertThat(SandboxProbe.operationCreators(this.worlds, "staff")).isEmpty();
		assertThat(SandboxProbe.world(this.worlds, "staff").keys()).isEmpty();
		// Neither the key's secret nor any line of the desk's private key was logged.
		String privateKey = tools.jackson.databind.json.JsonMapper.builder().build()
			.readTree(Files.readString(KEY_DIR.resolve("operator-key.json")))
			.get("private_key")
			.asString();
		assertThat(output.getAll()).doesNotContain(secret);
		privateKey.lines()
			.filter((line) -> line.length() > 40)
			.forEach((line) -> assertThat(output.getAll()).doesNotContain(line));
	}

	@Test
	void someoneOutsideTheAllowListsGetsTheNotAllowedPageAndNoCloudIsCalled() {
		WizardHttpClient browser = client();
		WizardHttpClient.Exchange page = browser.signIn("outsider", false);
		assertThat(page.status()).isEqualTo(403);
		assertThat(page.body()).contains("data-testid=\"not-allowed\"").contains("nikita.belov")
			.contains("Northwind platform team");
		for (String url : List.of("/wizard/cloud", "/wizard/billing", "/wizard/key")) {
			assertThat(browser.follow(browser.get(url)).status()).isEqualTo(403);
		}
		assertThat(this.calls.calls()).as("cloud calls").noneMatch((call) -> !call.contains("/oauth/token")
				&& !call.contains("/login/info"));
	}

	@Test
	void aFolderOutsideThePolicyIsRefusedAndNothingIsMade() {
		WizardHttpClient browser = client();
		WizardHttpClient.Exchange cloud = browser.signIn("staff", false);
		String cloudId = WizardHttpClient.selected(cloud.body(), "cloudId").orElseThrow();
		String foreignFolder = SandboxProbe.folderIds(this.worlds, "ready", "ACTIVE").get(0);
		WizardHttpClient.Exchange refused = browser.post("/wizard/express", Map.of("cloudId", cloudId, "folderId",
				foreignFolder, "_csrf", WizardHttpClient.csrf(cloud.body())), Map.of());
		assertThat(refused.status()).isBetween(400, 499);
		assertNothingMade();
	}

	@Test
	void aRoleOutsideThePolicyIsRefusedAndNothingIsGranted() {
		WizardHttpClient browser = client();
		WizardHttpClient.Exchange roles = toRolesStep(browser);
		WizardHttpClient.Exchange refused = browser.post("/wizard/roles",
				Map.of("roles", "ai.models.editor", "_csrf", WizardHttpClient.csrf(roles.body())), Map.of());
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.body()).contains("ai.models.editor").contains("policy");
		SandboxProbe.World org = SandboxProbe.world(this.worlds, SandboxProbe.ORGANISATION);
		assertThat(org.bindings()).noneMatch((b) -> b.roleId().startsWith("ai."));
	}

	@Test
	void scopesAndExpiriesOutsideThePolicyAreRefusedAndNoKeyIsMade() {
		WizardHttpClient browser = client();
		WizardHttpClient.Exchange scope = toScopeStep(browser);
		String tooLate = LocalDate.now(ZoneOffset.UTC).plusDays(120).toString();
		String fine = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();
		WizardHttpClient.Exchange broad = browser.post("/wizard/key", Map.of("scopes",
				"yc.ai.foundationModels.execute", "expiresOn", fine, "_csrf", WizardHttpClient.csrf(scope.body())),
				Map.of());
		assertThat(broad.status()).isEqualTo(403);
		assertThat(broad.body()).contains("yc.ai.foundationModels.execute");
		WizardHttpClient.Exchange late = browser.post("/wizard/key", Map.of("scopes", "yc.ai.languageModels.execute",
				"expiresOn", tooLate, "_csrf", WizardHttpClient.csrf(scope.body())), Map.of());
		assertThat(late.status()).isEqualTo(422);
		WizardHttpClient.Exchange never = browser.post("/wizard/key", Map.of("scopes", "yc.ai.languageModels.execute",
				"_csrf", WizardHttpClient.csrf(scope.body())), Map.of());
		assertThat(never.status()).isEqualTo(422);
		assertThat(never.body()).contains("expiresOn");
		// Lockbox is not offered: the desk's secret would sit in a shared folder the member cannot read.
		assertThat(scope.body()).doesNotContain("data-testid=\"lockbox\"");
		WizardHttpClient.Exchange lockbox = browser.post("/wizard/key", Map.of("scopes",
				"yc.ai.languageModels.execute", "expiresOn", fine, "lockbox", "true", "_csrf",
				WizardHttpClient.csrf(scope.body())), Map.of());
		assertThat(lockbox.status()).isEqualTo(403);
		assertThat(SandboxProbe.world(this.worlds, SandboxProbe.ORGANISATION).keys()).isEmpty();
	}

	@Test
	void nobodyConnectsACloudAndADeskThatCannotSignInSaysSo() {
		WizardHttpClient browser = client();
		WizardHttpClient.Exchange cloud = browser.signIn("staff", false);
		WizardHttpClient.Exchange connect = browser.get("/wizard/connect");
		assertThat(connect.status()).isEqualTo(302);
		assertThat(connect.location()).endsWith("/wizard");
		WizardHttpClient.Exchange pasted = browser.post("/wizard/connect", Map.of("kind", "oauth", "token",
				"y0_pasted-token", "_csrf", WizardHttpClient.csrf(cloud.body())), Map.of());
		assertThat(pasted.status()).isEqualTo(302);
		// The desk's authorized key is deleted in the cloud: its token is refused and no new one can be had.
		SandboxProbe.removeAuthorizedKeys(this.worlds, SandboxProbe.ORGANISATION);
		this.operator.refused();
		WizardHttpClient.Exchange page = browser.get("/wizard/cloud?refresh=true");
		assertThat(page.status()).isEqualTo(503);
		assertThat(page.body()).contains("cannot sign in to Yandex Cloud");
	}

	@Test
	void anotherNameOrSomebodyElsesServiceAccountIsRefused() {
		WizardHttpClient browser = client();
		WizardHttpClient.Exchange cloud = browser.signIn("staff", false);
		WizardHttpClient.Exchange account = chooseFolder(browser, cloud);
		WizardHttpClient.Exchange named = browser.post("/wizard/service-account", Map.of("name", "my-own-name",
				"description", "", "_csrf", WizardHttpClient.csrf(account.body())), Map.of());
		assertThat(named.status()).isEqualTo(403);
		assertThat(named.body()).contains("ai-desk-alexey-ivanov");
		WizardHttpClient.Exchange operators = browser.post("/wizard/service-account/existing",
				Map.of("serviceAccountId", SandboxProbe.OPERATOR_SERVICE_ACCOUNT, "_csrf",
						WizardHttpClient.csrf(account.body())),
				Map.of());
		assertThat(operators.status()).isEqualTo(403);
		assertNothingMade();
		// The name with a suffix is the member's too (names are unique per cloud: a second folder needs one).
		WizardHttpClient.Exchange suffixed = browser.post("/wizard/service-account", Map.of("name",
				"ai-desk-alexey-ivanov-2", "description", "", "_csrf", WizardHttpClient.csrf(account.body())),
				Map.of());
		assertThat(suffixed.status()).isEqualTo(302);
	}

	@Test
	void theKeysPerUserLimitRefusesAnotherKey() {
		WizardHttpClient browser = client();
		browser.signIn("staff", false);
		for (int i = 0; i < 2; i++) {
			WizardHttpClient.Exchange result = browser.express(Duration.ofSeconds(60));
			assertThat(WizardHttpClient.secret(result.body())).as("key %d", i + 1).isPresent();
			browser.post("/wizard/another", Map.of("_csrf", WizardHttpClient.csrf(result.body())), Map.of());
		}
		WizardHttpClient.Exchange third = browser.express(Duration.ofSeconds(60));
		assertThat(WizardHttpClient.secret(third.body())).isEmpty();
		assertThat(third.status()).isEqualTo(403);
		assertThat(third.body()).contains("2");
		assertThat(SandboxProbe.world(this.worlds, SandboxProbe.ORGANISATION).keys()).hasSize(2);
		// Another folder of the cloud is no way round it (the policy names no folders: the whole cloud counts), and
		// the refusal comes before anything is made there.
		WizardHttpClient.Exchange cloud = browser.follow(browser.get("/wizard/cloud"));
		String cloudId = WizardHttpClient.selected(cloud.body(), "cloudId").orElseThrow();
		String otherFolder = SandboxProbe.world(this.worlds, SandboxProbe.ORGANISATION).folderIds().get(1);
		WizardHttpClient.Exchange elsewhere = browser.post("/wizard/express", Map.of("cloudId", cloudId, "folderId",
				otherFolder, "_csrf", WizardHttpClient.csrf(cloud.body())), Map.of());
		assertThat(elsewhere.status()).isEqualTo(403);
		assertThat(SandboxProbe.world(this.worlds, SandboxProbe.ORGANISATION).serviceAccounts())
			.noneMatch((sa) -> sa.folderId().equals(otherFolder));
		assertThat(SandboxProbe.world(this.worlds, SandboxProbe.ORGANISATION).keys()).hasSize(2);
		// Rotating one (which leaves the old key working) would be a third key too.
		String folderId = SandboxProbe.world(this.worlds, SandboxProbe.ORGANISATION).folderIds().get(0);
		String oldKey = SandboxProbe.world(this.worlds, SandboxProbe.ORGANISATION).keys().get(0).id();
		WizardHttpClient.Exchange offer = browser.get("/keys/" + oldKey + "/rotate?folderId=" + folderId);
		Matcher action = Pattern.compile("action=\"(/keys/rotations/[-0-9a-f]+)\"").matcher(offer.body());
		assertThat(action.find()).as("a rotate form").isTrue();
		WizardHttpClient.Exchange rotated = browser.post(action.group(1),
				Map.of("_csrf", WizardHttpClient.csrf(offer.body())), Map.of());
		assertThat(rotated.status()).isEqualTo(403);
		assertThat(WizardHttpClient.secret(rotated.body())).isEmpty();
		assertThat(SandboxProbe.world(this.worlds, SandboxProbe.ORGANISATION).keys()).hasSize(2);
	}

	@Test
	void myKeysShowsStaffOnlyTheirOwnAccountsAndRefusesAnyOtherKey() {
		WizardHttpClient browser = client();
		browser.signIn("staff", false);
		WizardHttpClient.Exchange result = browser.express(Duration.ofSeconds(60));
		assertThat(WizardHttpClient.secret(result.body())).isPresent();
		String folderId = SandboxProbe.world(this.worlds, SandboxProbe.ORGANISATION).folderIds().get(0);
		// A key on an account the desk did not make for this member (its own, here), which the member must not see.
		String foreignKey = this.apiKeys.create(this.operator.iamToken().block(),
				new CreateApiKeyRequest(SandboxProbe.OPERATOR_SERVICE_ACCOUNT, "not staff's",
						List.of("yc.ai.languageModels.execute"), null),
				"portal-desk-it-foreign-key")
			.block()
			.apiKey()
			.id();
		WizardHttpClient.Exchange list = browser.follow(browser.get("/keys?folderId=" + folderId));
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).contains("ai-desk-alexey-ivanov").doesNotContain(foreignKey).doesNotContain("ai-key-desk");
		WizardHttpClient.Exchange revoke = browser.get("/keys/" + foreignKey + "/revoke?folderId=" + folderId);
		assertThat(revoke.status()).isEqualTo(403);
		assertThat(SandboxProbe.world(this.worlds, SandboxProbe.ORGANISATION).key(foreignKey)).isPresent();
	}

	private WizardHttpClient.Exchange chooseFolder(WizardHttpClient browser, WizardHttpClient.Exchange cloud) {
		String cloudId = WizardHttpClient.selected(cloud.body(), "cloudId").orElseThrow();
		String folderId = WizardHttpClient.selected(cloud.body(), "folderId").orElseThrow();
		return browser.follow(browser.post("/wizard/cloud",
				Map.of("cloudId", cloudId, "folderId", folderId, "_csrf", WizardHttpClient.csrf(cloud.body())),
				Map.of()));
	}

	private WizardHttpClient.Exchange toRolesStep(WizardHttpClient browser) {
		WizardHttpClient.Exchange account = chooseFolder(browser, browser.signIn("staff", false));
		return browser.settle(browser.follow(browser.post("/wizard/service-account", Map.of("name",
				"ai-desk-alexey-ivanov", "description", "", "_csrf", WizardHttpClient.csrf(account.body())),
				Map.of())), Duration.ofSeconds(30));
	}

	private WizardHttpClient.Exchange toScopeStep(WizardHttpClient browser) {
		WizardHttpClient.Exchange roles = toRolesStep(browser);
		return browser.settle(browser.follow(browser.post("/wizard/roles",
				Map.of("roles", "ai.languageModels.user", "_csrf", WizardHttpClient.csrf(roles.body())), Map.of())),
				Duration.ofSeconds(30));
	}

	private void assertNothingMade() {
		SandboxProbe.World org = SandboxProbe.world(this.worlds, SandboxProbe.ORGANISATION);
		assertThat(org.serviceAccounts()).extracting(SandboxProbe.Sa::id)
			.containsExactly(SandboxProbe.OPERATOR_SERVICE_ACCOUNT);
		assertThat(org.keys()).isEmpty();
	}

	private static WizardHttpClient client() {
		return new WizardHttpClient("http://localhost:" + PORT);
	}

	private static Path tempDir() {
		try {
			return Files.createTempDirectory("portal-desk");
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}


}
