package dev.aikeywizard.sandbox;

import java.util.List;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Clouds, folders, folder access bindings, billing and paging (the tests cap pages at 2 items). */
class SandboxResourceManagerTests extends SandboxTestSupport {

	static final String RM = "/sandbox/resource-manager/resource-manager/v1";

	@Test
	void foldersComeInPagesAndIncludeOnePendingDeletion() throws Exception {
		String iam = iamToken("ready");
		String cloudId = cloudId(iam);
		assertThat(cloudId).matches("b1g[a-z0-9]{17}");
		Resp firstPage = get(RM + "/folders?cloudId=" + cloudId + "&pageSize=100", iam);
		assertThat(firstPage.json().get("folders")).hasSize(2);
		assertThat(firstPage.json().get("nextPageToken").asString()).isNotEmpty();
		List<JsonNode> folders = listAll(RM + "/folders?cloudId=" + cloudId, "folders", iam);
		assertThat(folders).extracting((f) -> f.get("status").asString())
			.containsExactly("ACTIVE", "ACTIVE", "PENDING_DELETION");
		assertThat(folders).extracting((f) -> f.get("name").asString()).contains("default");
		assertThat(folders.get(0).get("cloudId").asString()).isEqualTo(cloudId);

		assertStatus(get(RM + "/folders", iam), 400, 3, "cloudId");
		assertStatus(get(RM + "/folders?cloudId=" + cloudId + "&pageSize=1001", iam), 400, 3, "pageSize");
		assertStatus(get(RM + "/folders?cloudId=" + cloudId + "&pageToken=garbage", iam), 400, 3, "pageToken");
		JsonNode folder = get(RM + "/folders/" + folders.get(0).get("id").asString(), iam).json();
		assertThat(folder.get("name").asString()).isEqualTo(folders.get(0).get("name").asString());
	}

	@Test
	void updateAccessBindingsReportsOnlyEffectiveDeltasAndListsThemPaged() throws Exception {
		String iam = iamToken("ready");
		String folder = folderId(iam, "default");
		String saId = createServiceAccount(iam, folder, "granted");
		String[] roles = { "ai.languageModels.user", "ai.imageGeneration.user", "ai.models.editor" };
		StringBuilder deltas = new StringBuilder();
		for (String role : roles) {
			deltas.append(deltas.isEmpty() ? "" : ",")
				.append(delta("ADD", role, saId, "serviceAccount"));
		}
		deltas.append(",").append(delta("ADD", "ai.languageModels.user", saId, "serviceAccount"));
		Resp update = post(RM + "/folders/" + folder + ":updateAccessBindings", iam,
				"{\"accessBindingDeltas\":[" + deltas + "]}");
		assertThat(update.status()).as(update.body()).isEqualTo(200);
		JsonNode op = awaitOperation(iam, update.json());
		assertThat(op.get("metadata").get("@type").asString())
			.isEqualTo("type.googleapis.com/yandex.cloud.access.UpdateAccessBindingsMetadata");
		assertThat(op.get("metadata").get("resourceId").asString()).isEqualTo(folder);
		assertThat(op.get("response").get("@type").asString())
			.isEqualTo("type.googleapis.com/yandex.cloud.access.AccessBindingsOperationResult");
		assertThat(op.get("response").get("effectiveDeltas")).hasSize(3);

		List<JsonNode> bindings = listAll(RM + "/folders/" + folder + ":listAccessBindings", "accessBindings", iam);
		assertThat(bindings).extracting((b) -> b.get("roleId").asString()).containsExactly(roles);
		assertThat(bindings.get(0).get("subject").get("type").asString()).isEqualTo("serviceAccount");

		Resp again = post(RM + "/folders/" + folder + ":updateAccessBindings", iam, "{\"accessBindingDeltas\":["
				+ delta("ADD", "ai.models.editor", saId, "serviceAccount") + ","
				+ delta("REMOVE", "ai.imageGeneration.user", saId, "serviceAccount") + "]}");
		JsonNode effective = awaitOperation(iam, again.json()).get("response").get("effectiveDeltas");
		assertThat(effective).hasSize(1);
		assertThat(effective.get(0).get("action").asString()).isEqualTo("REMOVE");
		assertThat(listAll(RM + "/folders/" + folder + ":listAccessBindings", "accessBindings", iam)).hasSize(2);
	}

	@Test
	void updateAccessBindingsValidatesEveryDelta() throws Exception {
		String iam = iamToken("ready");
		String folder = folderId(iam, "default");
		String saId = createServiceAccount(iam, folder, "checked");
		String path = RM + "/folders/" + folder + ":updateAccessBindings";
		assertStatus(post(path, iam, "{\"accessBindingDeltas\":[]}"), 400, 3, "accessBindingDeltas");
		assertStatus(post(path, iam, "{\"accessBindingDeltas\":[" + delta("GRANT", "viewer", saId, "serviceAccount")
				+ "]}"), 400, 3, "action");
		assertStatus(post(path, iam, "{\"accessBindingDeltas\":[" + delta("ADD", "", saId, "serviceAccount") + "]}"),
				400, 3, "roleId");
		assertStatus(post(path, iam, "{\"accessBindingDeltas\":[" + delta("ADD", "viewer", "", "serviceAccount")
				+ "]}"), 400, 3, "subject.id");
		assertStatus(post(path, iam, "{\"accessBindingDeltas\":[" + delta("ADD", "viewer", saId, "robot") + "]}"), 400,
				3, "subject.type");
		assertStatus(post(path, iam, "{\"accessBindingDeltas\":["
				+ delta("ADD", "viewer", "ajenosuchaccount0000", "serviceAccount") + "]}"), 404, 5, "not found");
		assertStatus(post(RM + "/folders/" + folder + ":setAccessBindings", iam, "{}"), 501, 12, "setAccessBindings");
	}

	@Test
	void billingAccountsShowActiveAndTheBoundCloud() throws Exception {
		String iam = iamToken("ready");
		List<JsonNode> accounts = listAll("/sandbox/billing/billing/v1/billingAccounts", "billingAccounts", iam);
		assertThat(accounts).hasSize(1);
		JsonNode account = accounts.get(0);
		assertThat(account.get("active").asBoolean()).isTrue();
		assertThat(account.get("balance").isString()).isTrue();
		assertThat(account.get("currency").asString()).isEqualTo("RUB");
		assertThat(account.get("countryCode").asString()).isEqualTo("RU");
		assertThat(account.has("createdAt")).isTrue();
		String id = account.get("id").asString();
		assertThat(get("/sandbox/billing/billing/v1/billingAccounts/" + id, iam).json().get("name").asString())
			.isEqualTo(account.get("name").asString());
		List<JsonNode> bound = listAll("/sandbox/billing/billing/v1/billingAccounts/" + id + "/billableObjectBindings",
				"billableObjectBindings", iam);
		assertThat(bound).hasSize(1);
		assertThat(bound.get(0).get("billableObject").get("type").asString()).isEqualTo("cloud");
		assertThat(bound.get(0).get("billableObject").get("id").asString()).isEqualTo(cloudId(iam));

		String trial = iamToken("trial");
		assertThat(listAll("/sandbox/billing/billing/v1/billingAccounts", "billingAccounts", trial).get(0).get("name")
			.asString()).containsIgnoringCase("trial");
		String nobilling = iamToken("nobilling");
		assertThat(listAll("/sandbox/billing/billing/v1/billingAccounts", "billingAccounts", nobilling).get(0)
			.get("active")
			.asBoolean()).isFalse();
		assertStatus(get("/sandbox/billing/billing/v1/billingAccounts/dn2nothere", iam), 404, 5, "not found");
	}

	@Test
	void serviceAccountListPagesWithTheCappedPageSize() throws Exception {
		String iam = iamToken("ready");
		String folder = folderId(iam, "default");
		for (int i = 0; i < 5; i++) {
			createServiceAccount(iam, folder, "paged-" + i);
		}
		Resp page = get("/sandbox/iam/iam/v1/serviceAccounts?folderId=" + folder + "&pageSize=3", iam);
		assertThat(page.json().get("serviceAccounts")).hasSize(2);
		List<JsonNode> all = listAll("/sandbox/iam/iam/v1/serviceAccounts?folderId=" + folder, "serviceAccounts", iam);
		assertThat(all).extracting((sa) -> sa.get("name").asString())
			.containsExactly("paged-0", "paged-1", "paged-2", "paged-3", "paged-4");
	}

	@Test
	void endpointDiscoveryListsEveryEmulatedHost() {
		JsonNode endpoints = send("GET", "/sandbox/endpoints", null, null).json().get("endpoints");
		assertThat(endpoints).extracting((e) -> e.get("id").asString())
			.contains("iam", "resource-manager", "billing", "operation", "ai-foundation-models");
		assertThat(endpoints.get(0).get("address").asString()).startsWith("http://localhost:" + this.port + "/sandbox/");
	}

	static String delta(String action, String role, String subjectId, String type) {
		return "{\"action\":\"" + action + "\",\"accessBinding\":{\"roleId\":\"" + role + "\",\"subject\":{\"id\":\""
				+ subjectId + "\",\"type\":\"" + type + "\"}}}";
	}

}
