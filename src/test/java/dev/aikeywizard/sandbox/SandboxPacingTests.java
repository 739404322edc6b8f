package dev.aikeywizard.sandbox;

import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The strict emulator's knobs: every API call takes {@code app.sandbox.latency}, every Operation is done no sooner
 * than {@code app.sandbox.operation-duration} after its creation however often it is polled.
 */
@TestPropertySource(properties = { "app.sandbox.latency=150ms", "app.sandbox.operation-duration=900ms" })
class SandboxPacingTests extends SandboxTestSupport {

	static final String CLOUDS = "/sandbox/resource-manager/resource-manager/v1/clouds";

	@Test
	void everyApiCallTakesTheConfiguredLatency() throws Exception {
		String iam = iamToken("ready");
		long started = System.nanoTime();
		Resp clouds = get(CLOUDS, iam);
		long took = (System.nanoTime() - started) / 1_000_000;
		assertThat(clouds.status()).as(clouds.body()).isEqualTo(200);
		assertThat(took).isGreaterThanOrEqualTo(150);
	}

	@Test
	void anOperationIsDoneOnlyAfterItsDurationHowEverOftenItIsPolled() throws Exception {
		String iam = iamToken("ready");
		String folder = folderId(iam, "default");
		long sent = System.nanoTime();
		Resp create = post("/sandbox/iam/iam/v1/serviceAccounts", iam,
				"{\"folderId\":\"" + folder + "\",\"name\":\"paced-sa\"}", "Idempotency-Key",
				UUID.randomUUID().toString());
		assertThat(create.status()).as(create.body()).isEqualTo(200);
		long answered = System.nanoTime();
		String id = create.json().get("id").asString();
		// Three polls in quick succession: more than the two polls it needs, but (when they come back before the
		// earliest possible end, judged from when the create was sent) within its duration.
		for (int i = 0; i < 3; i++) {
			JsonNode op = get("/sandbox/operation/operations/" + id, iam).json();
			if ((System.nanoTime() - sent) / 1_000_000 < 900) {
				assertThat(op.get("done").asBoolean()).as("poll %d", i).isFalse();
			}
		}
		Thread.sleep(Math.max(0, 950 - (System.nanoTime() - answered) / 1_000_000));
		JsonNode done = get("/sandbox/operation/operations/" + id, iam).json();
		assertThat(done.get("done").asBoolean()).isTrue();
		assertThat(done.get("response").get("name").asString()).isEqualTo("paced-sa");
	}

}
