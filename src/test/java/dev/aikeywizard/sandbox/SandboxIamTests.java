package dev.aikeywizard.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulated IAM: token exchange, service accounts, operations, idempotency, personas viewer and flaky. */
class SandboxIamTests extends SandboxTestSupport {

	static final String SA = "/sandbox/iam/iam/v1/serviceAccounts";

	@Test
	void tokenExchangeNeedsExactlyOneCredentialAndAKnownToken() throws Exception {
		assertStatus(send("POST", "/sandbox/iam/iam/v1/tokens", null, "{}"), 400, 3, "Exactly one");
		assertStatus(send("POST", "/sandbox/iam/iam/v1/tokens", null,
				"{\"yandexPassportOauthToken\":\"y0_a\",\"jwt\":\"a.b.c\"}"), 400, 3, "Exactly one");
		Resp unknown = send("POST", "/sandbox/iam/iam/v1/tokens", null,
				"{\"yandexPassportOauthToken\":\"y0_secretvalue\"}");
		assertStatus(unknown, 401, 16, "invalid or has expired");
		assertThat(unknown.body()).doesNotContain("y0_secretvalue");
	}

	@Test
	void unknownOrMistypedFieldIsInvalidArgumentNamingTheField() throws Exception {
		String iam = iamToken("ready");
		String folder = folderId(iam, "default");
		Resp resp = post(SA, iam, "{\"folderId\":\"" + folder + "\",\"name\":\"sa-api\",\"folder_id\":\"x\"}");
		assertStatus(resp, 400, 3, "folder_id");
		Resp typo = post("/sandbox/iam/iam/v1/apiKeys", iam, "{\"serviceAccountId\":\"x\",\"scopess\":[]}");
		assertStatus(typo, 400, 3, "scopess");
		assertStatus(post(SA, iam, "{\"folderId\":\"" + folder + "\"}"), 400, 3, "name");
		assertStatus(post(SA, iam, "{\"name\":\"sa-api\"}"), 400, 3, "folderId");
		assertStatus(post(SA, iam, "{\"folderId\":\"" + folder + "\",\"name\":\"sa-api\",\"description\":\""
				+ "d".repeat(257) + "\"}"), 400, 3, "description");
		assertStatus(post(SA, iam, "not json"), 400, 3, "Invalid JSON");
		assertStatus(post(SA, iam, "{\"folderId\":\"" + folder + "\",\"name\":42}"), 400, 3, "name");
		assertStatus(post(SA, iam, "{\"folderId\":\"" + folder + "\",\"name\":[\"x\"]}"), 400, 3, "name");
	}

	static List<Arguments> names() {
		return List.of(Arguments.of("ab", true), Arguments.of("sa-api", true), Arguments.of("a" + "b".repeat(62), true),
				Arguments.of("a1-2-3", true), Arguments.of("a", false), Arguments.of("a" + "b".repeat(63), false),
				Arguments.of("1ab", false), Arguments.of("ab-", false), Arguments.of("Ab", false),
				Arguments.of("a_b", false), Arguments.of("\u0430\u0431", false), Arguments.of("", false),
				Arguments.of("-ab", false), Arguments.of("a b", false));
	}

	@ParameterizedTest(name = "[{index}] \"{0}\" valid={1}")
	@MethodSource("names")
	void serviceAccountNameRule(String name, boolean valid) throws Exception {
		String iam = iamToken("ready");
		Resp resp = post(SA, iam, "{\"folderId\":\"" + folderId(iam, "default") + "\",\"name\":\"" + name + "\"}");
		if (valid) {
			assertThat(resp.status()).as(resp.body()).isEqualTo(200);
			assertThat(resp.json().get("done").asBoolean()).isFalse();
		}
		else {
			assertStatus(resp, 400, 3, "name");
		}
	}

	@Test
	void missingOrBadAuthenticationIsUnauthenticatedWithAStatusBody() throws Exception {
		Resp none = send("GET", SA + "?folderId=b1gxxxxxxxxxxxxxxxxx", null, null);
		assertStatus(none, 401, 16, "Authentication required");
		assertThat(none.header("x-request-id")).isNotBlank();
		assertStatus(send("GET", SA + "?folderId=b1gx", "Bearer t1.unknown", null), 401, 16, "invalid");
		String iam = iamToken("ready");
		assertStatus(send("GET", SA + "?folderId=b1gx", "OAuth " + iam, null), 401, 16, "Bearer");
	}

	@Test
	void createOperationFinishesAfterTheConfiguredPollsWithTheRightTypes() throws Exception {
		String iam = iamToken("ready");
		String folder = folderId(iam, "default");
		Resp created = post(SA, iam, "{\"folderId\":\"" + folder + "\",\"name\":\"wizard-sa\",\"description\":\"d\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		JsonNode op = created.json();
		assertThat(op.get("done").asBoolean()).isFalse();
		assertThat(op.has("response")).isFalse();
		assertThat(op.get("metadata").get("@type").asString())
			.isEqualTo("type.googleapis.com/yandex.cloud.iam.v1.CreateServiceAccountMetadata");
		String saId = op.get("metadata").get("serviceAccountId").asString();
		assertThat(saId).matches("aje[a-z0-9]{17}");

		String path = "/sandbox/operation/operations/" + op.get("id").asString();
		JsonNode first = get(path, iam).json();
		assertThat(first.get("done").asBoolean()).as("done after 1 of 2 polls").isFalse();
		JsonNode second = get(path, iam).json();
		assertThat(second.get("done").asBoolean()).isTrue();
		assertThat(second.get("response").get("@type").asString())
			.isEqualTo("type.googleapis.com/yandex.cloud.iam.v1.ServiceAccount");
		assertThat(second.get("response").get("id").asString()).isEqualTo(saId);
		assertThat(second.get("response").get("folderId").asString()).isEqualTo(folder);
		assertThat(second.has("error")).isFalse();

		JsonNode sa = get(SA + "/" + saId, iam).json();
		assertThat(sa.get("name").asString()).isEqualTo("wizard-sa");
		List<JsonNode> filtered = listAll(SA + "?folderId=" + folder + "&filter=name%3D%22wizard-sa%22",
				"serviceAccounts", iam);
		assertThat(filtered).hasSize(1);
		assertStatus(get(SA, iam), 400, 3, "folderId");
		assertStatus(get(SA + "/ajeunknownunknown000", iam), 404, 5, "not found");

		Resp deleted = send("DELETE", SA + "/" + saId, bearer(iam), null);
		JsonNode done = awaitOperation(iam, deleted.json());
		assertThat(done.get("metadata").get("@type").asString())
			.isEqualTo("type.googleapis.com/yandex.cloud.iam.v1.DeleteServiceAccountMetadata");
		assertThat(done.get("response").get("@type").asString()).isEqualTo("type.googleapis.com/google.protobuf.Empty");
		assertThat(get(SA + "/" + saId, iam).status()).isEqualTo(404);
	}

	@Test
	void creatingInAFolderPendingDeletionFailsInTheOperation() throws Exception {
		String iam = iamToken("ready");
		Resp created = post(SA, iam, "{\"folderId\":\"" + folderId(iam, "old-staging") + "\",\"name\":\"late\"}");
		JsonNode op = awaitOperation(iam, created.json());
		assertThat(op.get("error").get("code").asInt()).isEqualTo(9);
		assertThat(op.has("response")).isFalse();
	}

	@Test
	void duplicateNameInTheCloudIsAlreadyExists() throws Exception {
		String iam = iamToken("ready");
		createServiceAccount(iam, folderId(iam, "default"), "dup-name");
		Resp again = post(SA, iam, "{\"folderId\":\"" + folderId(iam, "ml-experiments") + "\",\"name\":\"dup-name\"}");
		assertStatus(again, 409, 6, "already exists");
	}

	@Test
	void idempotentReplayReturnsTheSameOperationAndCreatesNothingNew() throws Exception {
		String iam = iamToken("ready");
		String folder = folderId(iam, "default");
		String key = UUID.randomUUID().toString();
		String body = "{\"folderId\":\"" + folder + "\",\"name\":\"once\"}";
		Resp first = post(SA, iam, body, "Idempotency-Key", key);
		Resp replay = post(SA, iam, "{ \"name\": \"once\", \"folderId\": \"" + folder + "\" }", "Idempotency-Key", key);
		assertThat(replay.status()).as(replay.body()).isEqualTo(200);
		assertThat(replay.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
		assertThat(listAll(SA + "?folderId=" + folder, "serviceAccounts", iam)).hasSize(1);

		Resp conflicting = post(SA, iam, "{\"folderId\":\"" + folder + "\",\"name\":\"other\"}", "Idempotency-Key",
				key);
		assertStatus(conflicting, 400, 3, "Idempotency-Key");

		Resp apiKey = post("/sandbox/iam/iam/v1/apiKeys", iam,
				"{\"serviceAccountId\":\"" + first.json().get("metadata").get("serviceAccountId").asString() + "\"}",
				"Idempotency-Key", "key-2");
		Resp apiKeyReplay = post("/sandbox/iam/iam/v1/apiKeys", iam,
				"{\"serviceAccountId\":\"" + first.json().get("metadata").get("serviceAccountId").asString() + "\"}",
				"Idempotency-Key", "key-2");
		assertThat(apiKeyReplay.body()).isEqualTo(apiKey.body());
	}

	/** Sends the same request from {@code n} threads at once; returns every answer. */
	List<Resp> concurrently(int n, String path, String iam, String body, String key) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(n);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Resp>> futures = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					return post(path, iam, body, "Idempotency-Key", key);
				}));
			}
			start.countDown();
			List<Resp> answers = new ArrayList<>();
			for (Future<Resp> future : futures) {
				answers.add(future.get(30, TimeUnit.SECONDS));
			}
			return answers;
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void concurrentRequestsWithTheSameKeyAndBodyCreateOneResource() throws Exception {
		String iam = iamToken("ready");
		String folder = folderId(iam, "default");
		// A deterministic (name-based) key, as two app instances would derive it from the same run and step.
		String key = UUID.nameUUIDFromBytes("run-42/createServiceAccount/race-sa".getBytes(StandardCharsets.UTF_8))
			.toString();
		List<Resp> answers = concurrently(8, SA, iam, "{\"folderId\":\"" + folder + "\",\"name\":\"race-sa\"}",
				key);
		for (Resp answer : answers) {
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			assertThat(answer.json().get("id").asString()).isEqualTo(answers.get(0).json().get("id").asString());
		}
		assertThat(listAll(SA + "?folderId=" + folder, "serviceAccounts", iam)).hasSize(1);
		String saId = answers.get(0).json().get("metadata").get("serviceAccountId").asString();

		String keyBody = "{\"serviceAccountId\":\"" + saId + "\",\"scopes\":[\"yc.ai.languageModels.execute\"]}";
		List<Resp> keys = concurrently(8, "/sandbox/iam/iam/v1/apiKeys", iam, keyBody, key + "-key");
		for (Resp answer : keys) {
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			assertThat(answer.body()).isEqualTo(keys.get(0).body());
		}
		assertThat(keys.get(0).json().get("secret").asString()).startsWith("AQVN");
		assertThat(listAll("/sandbox/iam/iam/v1/apiKeys?serviceAccountId=" + saId, "apiKeys", iam)).hasSize(1);
	}

	@Test
	void theSameKeyIsScopedToOneUsersWorld() throws Exception {
		String key = UUID.randomUUID().toString();
		String ready = iamToken("ready");
		String trial = iamToken("trial");
		Resp mine = post(SA, ready, "{\"folderId\":\"" + folderId(ready, "default") + "\",\"name\":\"scoped\"}",
				"Idempotency-Key", key);
		Resp theirs = post(SA, trial, "{\"folderId\":\"" + folderId(trial, "default") + "\",\"name\":\"scoped\"}",
				"Idempotency-Key", key);
		assertThat(mine.status()).as(mine.body()).isEqualTo(200);
		assertThat(theirs.status()).as(theirs.body()).isEqualTo(200);
		assertThat(theirs.json().get("id").asString()).isNotEqualTo(mine.json().get("id").asString());
	}

	@Test
	void viewerCanReadButEveryMutationIsPermissionDenied() throws Exception {
		String iam = iamToken("viewer");
		String folder = folderId(iam, "default");
		List<JsonNode> existing = listAll(SA + "?folderId=" + folder, "serviceAccounts", iam);
		assertThat(existing).hasSize(1);
		String saId = existing.get(0).get("id").asString();
		assertStatus(post(SA, iam, "{\"folderId\":\"" + folder + "\",\"name\":\"mine\"}"), 403, 7, "Permission denied");
		assertStatus(post("/sandbox/iam/iam/v1/apiKeys", iam, "{\"serviceAccountId\":\"" + saId + "\"}"), 403, 7,
				"Permission denied");
		assertStatus(send("DELETE", SA + "/" + saId, bearer(iam), null), 403, 7, "Permission denied");
		String grant = "{\"accessBindingDeltas\":[{\"action\":\"ADD\",\"accessBinding\":{\"roleId\":\"viewer\","
				+ "\"subject\":{\"id\":\"" + saId + "\",\"type\":\"serviceAccount\"}}}]}";
		assertStatus(post("/sandbox/resource-manager/resource-manager/v1/folders/" + folder + ":updateAccessBindings",
				iam, grant), 403, 7, "Permission denied");
	}

	@Test
	void flakyAppliesTheFirstCreateThenFailsSoOnlyAReplayAvoidsADuplicate() throws Exception {
		String iam = iamToken("flaky");
		String folder = folderId(iam, "default");
		String key = UUID.randomUUID().toString();
		String body = "{\"folderId\":\"" + folder + "\",\"name\":\"flaky-sa\"}";
		Resp first = post(SA, iam, body, "Idempotency-Key", key);
		assertStatus(first, 503, 14, "unavailable");
		Resp replay = post(SA, iam, body, "Idempotency-Key", key);
		assertThat(replay.status()).as(replay.body()).isEqualTo(200);
		JsonNode op = replay.json();
		// A retry without the key would be a second create: the name is already taken.
		assertStatus(post(SA, iam, body), 409, 6, "already exists");

		int polls = 0;
		while (!op.get("done").asBoolean()) {
			Resp poll = get("/sandbox/operation/operations/" + op.get("id").asString(), iam);
			if (poll.status() == 429) {
				assertThat(poll.header("Retry-After")).isEqualTo("1");
				assertStatus(poll, 429, 8, "rate limit");
				continue;
			}
			op = poll.json();
			polls++;
		}
		assertThat(polls).isEqualTo(4);
		assertThat(listAll(SA + "?folderId=" + folder, "serviceAccounts", iam)).hasSize(1);

		// The second create of the same kind goes through at once.
		Resp second = post(SA, iam, "{\"folderId\":\"" + folder + "\",\"name\":\"flaky-two\"}");
		assertThat(second.status()).isEqualTo(200);
	}

	@Test
	void apiKeysAreCreatedSynchronouslyAndTheSecretIsNeverReadBack() throws Exception {
		String iam = iamToken("ready");
		String saId = createServiceAccount(iam, folderId(iam, "default"), "key-owner");
		JsonNode created = createApiKey(iam, "{\"serviceAccountId\":\"" + saId
				+ "\",\"description\":\"wizard\",\"scopes\":[\"yc.ai.languageModels.execute\"],"
				+ "\"expiresAt\":\"2099-01-01T00:00:00Z\"}");
		String secret = created.get("secret").asString();
		assertThat(secret).startsWith("AQVN");
		JsonNode apiKey = created.get("apiKey");
		assertThat(apiKey.get("serviceAccountId").asString()).isEqualTo(saId);
		assertThat(apiKey.get("scopes").get(0).asString()).isEqualTo("yc.ai.languageModels.execute");
		assertThat(apiKey.get("expiresAt").asString()).isEqualTo("2099-01-01T00:00:00Z");
		assertThat(apiKey.get("maskedSecret").asString()).matches("\\*{4}[a-zA-Z0-9_]{6}");

		JsonNode deprecated = createApiKey(iam,
				"{\"serviceAccountId\":\"" + saId + "\",\"scope\":\"yc.ai.foundationModels.execute\"}");
		assertThat(deprecated.get("apiKey").get("scopes").get(0).asString()).isEqualTo("yc.ai.foundationModels.execute");
		assertThat(deprecated.get("apiKey").has("expiresAt")).isFalse();

		Resp list = get("/sandbox/iam/iam/v1/apiKeys?serviceAccountId=" + saId, iam);
		assertThat(list.body()).doesNotContain(secret).doesNotContain("\"secret\"");
		assertThat(listAll("/sandbox/iam/iam/v1/apiKeys?serviceAccountId=" + saId, "apiKeys", iam)).hasSize(2);
		Resp one = get("/sandbox/iam/iam/v1/apiKeys/" + apiKey.get("id").asString(), iam);
		assertThat(one.json().get("id").asString()).isEqualTo(apiKey.get("id").asString());
		assertThat(one.body()).doesNotContain(secret);

		assertStatus(post("/sandbox/iam/iam/v1/apiKeys", iam,
				"{\"serviceAccountId\":\"" + saId + "\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}"), 400, 3, "expiresAt");
		assertStatus(post("/sandbox/iam/iam/v1/apiKeys", iam, "{\"serviceAccountId\":\"ajenotthere0000000000\"}"), 404,
				5, "not found");

		JsonNode deleted = awaitOperation(iam,
				send("DELETE", "/sandbox/iam/iam/v1/apiKeys/" + apiKey.get("id").asString(), bearer(iam), null).json());
		assertThat(deleted.get("metadata").get("@type").asString())
			.isEqualTo("type.googleapis.com/yandex.cloud.iam.v1.DeleteApiKeyMetadata");
		assertThat(listAll("/sandbox/iam/iam/v1/apiKeys?serviceAccountId=" + saId, "apiKeys", iam)).hasSize(1);
	}

}
