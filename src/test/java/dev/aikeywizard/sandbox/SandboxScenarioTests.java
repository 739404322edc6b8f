package dev.aikeywizard.sandbox;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The personas {@code managed} (the organisation pays, the user cannot see billing) and {@code taken} (the suggested
 * service-account name already exists in another folder of the cloud).
 */
class SandboxScenarioTests extends SandboxTestSupport {

	static final String BILLING = "/sandbox/billing/billing/v1/billingAccounts";

	static final String SA = "/sandbox/iam/iam/v1/serviceAccounts";

	static final String TOKENIZE = "/sandbox/llm/foundationModels/v1/tokenize";

	// ---- managed ----

	/** The account paying for the managed persona's cloud, read from the store (the API does not show it). */
	String payingAccount() {
		SandboxWorld world = this.worlds.world("managed").orElseThrow();
		synchronized (world) {
			String cloudId = world.clouds.get(0).id;
			return world.billingAccounts.stream()
				.filter((a) -> a.boundClouds.containsKey(cloudId))
				.filter((a) -> a.active)
				.findFirst()
				.orElseThrow()
				.id;
		}
	}

	@Test
	void managedSeesNoBillingAccountAndThePayingOneIsPermissionDenied() throws Exception {
		String iam = iamToken("managed");
		Resp list = get(BILLING, iam);
		assertThat(list.status()).as(list.body()).isEqualTo(200);
		assertThat(listAll(BILLING, "billingAccounts", iam)).isEmpty();

		String paying = payingAccount();
		Resp account = get(BILLING + "/" + paying, iam);
		assertStatus(account, 403, 7, "Permission denied");
		assertThat(account.body()).doesNotContain("Northwind").doesNotContain("balance");
		assertStatus(get(BILLING + "/" + paying + "/billableObjectBindings", iam), 403, 7, "Permission denied");
		assertStatus(get(BILLING + "/dn2nothere", iam), 404, 5, "not found");

		// The same account id is nobody's business in another world either.
		assertStatus(get(BILLING + "/" + paying, iamToken("ready")), 404, 5, "not found");
	}

	@Test
	void managedIsAdminOnTheCloudAndAKeyMadeThereTokenizes() throws Exception {
		String iam = iamToken("managed");
		String folder = folderId(iam, "default");
		String saId = createServiceAccount(iam, folder, "managed-sa");
		grant(iam, folder, saId, "ai.languageModels.user");
		String secret = createApiKey(iam,
				"{\"serviceAccountId\":\"" + saId + "\",\"scopes\":[\"yc.ai.languageModels.execute\"]}")
			.get("secret")
			.asString();
		Thread.sleep(1700);
		Resp ok = send("POST", TOKENIZE, "Api-Key " + secret,
				"{\"modelUri\":\"gpt://" + folder + "/yandexgpt-lite/latest\",\"text\":\"Hello\"}");
		assertThat(ok.status()).as(ok.body()).isEqualTo(200);
		assertThat(ok.json().get("tokens").size()).isGreaterThan(1);
	}

	@Test
	void everyOtherPersonaStillSeesItsOwnBillingAccount() throws Exception {
		for (String persona : new String[] { "ready", "trial", "nobilling", "viewer", "taken" }) {
			String iam = iamToken(persona);
			List<JsonNode> accounts = listAll(BILLING, "billingAccounts", iam);
			assertThat(accounts).as(persona).hasSize(1);
			String id = accounts.get(0).get("id").asString();
			assertThat(get(BILLING + "/" + id, iam).status()).as(persona).isEqualTo(200);
			assertThat(listAll(BILLING + "/" + id + "/billableObjectBindings", "billableObjectBindings", iam))
				.as(persona)
				.hasSize(1);
		}
	}

	// ---- taken ----

	static String expectedName(LocalDate date) {
		return "ai-pavel-orlov-" + DateTimeFormatter.BASIC_ISO_DATE.format(date);
	}

	@Test
	void takenHasTodaysSuggestedNameInMlExperimentsSoDefaultGetsAlreadyExists() throws Exception {
		LocalDate before = LocalDate.now(ZoneOffset.UTC);
		this.worlds.reset();
		LocalDate after = LocalDate.now(ZoneOffset.UTC);
		String iam = iamToken("taken");
		String ml = folderId(iam, "ml-experiments");
		String def = folderId(iam, "default");

		List<JsonNode> inMl = listAll(SA + "?folderId=" + ml, "serviceAccounts", iam);
		assertThat(inMl).hasSize(1);
		String name = inMl.get(0).get("name").asString();
		assertThat(name).isIn(expectedName(before), expectedName(after));
		assertThat(inMl.get(0).get("description").asString()).contains("not by you");
		assertThat(listAll(SA + "?folderId=" + def, "serviceAccounts", iam)).isEmpty();

		Resp again = post(SA, iam, "{\"folderId\":\"" + def + "\",\"name\":\"" + name + "\"}", "Idempotency-Key",
				"taken-1");
		assertStatus(again, 409, 6, "already exists");
		assertThat(listAll(SA + "?folderId=" + def, "serviceAccounts", iam)).isEmpty();

		String second = createServiceAccount(iam, def, name + "-2");
		assertThat(get(SA + "/" + second, iam).json().get("folderId").asString()).isEqualTo(def);

		// Unique per cloud, not across clouds: another user's cloud may use the same name.
		String ready = iamToken("ready");
		createServiceAccount(ready, folderId(ready, "default"), name);
	}

	@Test
	void suggestedNameNormalisesTheLogin() {
		LocalDate date = LocalDate.of(2026, 12, 2);
		assertThat(SandboxWorlds.suggestedServiceAccountName("pavel.orlov", date)).isEqualTo("ai-pavel-orlov-20261202");
		assertThat(SandboxWorlds.suggestedServiceAccountName("..Pavel__Orlov!!", date))
			.isEqualTo("ai-pavel-orlov-20261202");
		assertThat(SandboxWorlds.suggestedServiceAccountName("a.-b", date)).isEqualTo("ai-a--b-20261202");
	}

	@Test
	void overviewShowsBothPersonasWithTheirCounts() throws Exception {
		Resp page = send("GET", "/sandbox", null, null);
		assertThat(page.status()).isEqualTo(200);
		assertThat(SandboxPageTests.count(page.body(), "sa-count-taken")).isEqualTo("1");
		assertThat(SandboxPageTests.count(page.body(), "bindings-count-taken")).isEqualTo("0");
		assertThat(SandboxPageTests.count(page.body(), "keys-count-taken")).isEqualTo("0");
		assertThat(SandboxPageTests.count(page.body(), "sa-count-managed")).isEqualTo("0");
		assertThat(SandboxPageTests.count(page.body(), "bindings-count-managed")).isEqualTo("0");
		assertThat(SandboxPageTests.count(page.body(), "keys-count-managed")).isEqualTo("0");
		assertThat(page.body()).contains("data-testid=\"world-managed\"", "data-testid=\"world-taken\"",
				"elena.morozova", "pavel.orlov", expectedName(LocalDate.now(ZoneOffset.UTC)).substring(0, 15));
	}

}
