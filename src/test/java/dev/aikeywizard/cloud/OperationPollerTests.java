package dev.aikeywizard.cloud;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.aikeywizard.cloud.FakeCloudServer.Recorded;
import dev.aikeywizard.cloud.FakeCloudServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link OperationApi#awaitDone} against a scripted operation service. */
class OperationPollerTests {

	static final IamToken TOKEN = new IamToken("t1.9euelZrPollerTokenValue-0123456789",
			Instant.parse("2030-01-01T00:00:00Z"));

	static final String RUNNING = "{\"id\":\"op-42\",\"description\":\"Create service account\","
			+ "\"createdAt\":\"2026-01-01T00:00:00Z\",\"metadata\":{\"@type\":"
			+ "\"type.googleapis.com/yandex.cloud.iam.v1.CreateServiceAccountMetadata\",\"serviceAccountId\":\"aje1\"}}";

	static final String DONE = "{\"id\":\"op-42\",\"done\":true,\"response\":{\"@type\":"
			+ "\"type.googleapis.com/yandex.cloud.iam.v1.ServiceAccount\",\"id\":\"aje1\",\"name\":\"wizard-sa\"}}";

	static final String FAILED = "{\"id\":\"op-42\",\"done\":true,\"error\":{\"code\":7,\"message\":"
			+ "\"Permission denied to folder b1g for Bearer t1.leakedinoperation123\",\"details\":[]}}";

	FakeCloudServer server;

	@BeforeEach
	void start() throws IOException {
		this.server = new FakeCloudServer();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private OperationApi operations(Duration initial, Duration max, Duration deadline) {
		CloudProperties.Polling polling = new CloudProperties.Polling(initial, max, deadline);
		CloudProperties properties = FakeCloudServer.properties(this.server.base(), 3, Duration.ofMillis(10),
				Duration.ofMillis(50), Duration.ofSeconds(2), polling);
		return FakeCloudServer.apis(properties).operations();
	}

	private static Operation running(String id) {
		return new Operation(id, "Create service account", null, null, null, false, Map.of(), null, null);
	}

	@Test
	void pollsUntilDoneWithGrowingIntervals() {
		OperationApi operations = operations(Duration.ofMillis(40), Duration.ofSeconds(1), Duration.ofSeconds(20));
		this.server.enqueue(Reply.ok(RUNNING), Reply.ok(RUNNING), Reply.ok(RUNNING), Reply.ok(DONE));

		long started = System.nanoTime();
		Operation done = operations.awaitDone(TOKEN, running("op-42")).block();

		assertThat(done.done()).isTrue();
		assertThat(done.responseString("id")).contains("aje1");
		List<Recorded> polls = this.server.requests();
		assertThat(polls).hasSize(4).allSatisfy((poll) -> {
			assertThat(poll.method()).isEqualTo("GET");
			assertThat(poll.path()).isEqualTo("/operations/op-42");
			assertThat(poll.header("Authorization")).isEqualTo("Bearer " + TOKEN.value());
		});
		// each wait is at least the scheduled interval, growing by a quarter: 40, 50, 63, 79 ms (lower bounds hold on
		// any machine)
		assertThat(millis(started, polls.get(0).receivedNanos())).isGreaterThanOrEqualTo(38);
		assertThat(millis(polls.get(0).receivedNanos(), polls.get(1).receivedNanos())).isGreaterThanOrEqualTo(48);
		assertThat(millis(polls.get(1).receivedNanos(), polls.get(2).receivedNanos())).isGreaterThanOrEqualTo(61);
		assertThat(millis(polls.get(2).receivedNanos(), polls.get(3).receivedNanos())).isGreaterThanOrEqualTo(77);
	}

	@Test
	void intervalsStopGrowingAtMaxInterval() {
		OperationApi operations = operations(Duration.ofMillis(40), Duration.ofMillis(60), Duration.ofSeconds(20));
		this.server.enqueue(Reply.ok(RUNNING), Reply.ok(RUNNING), Reply.ok(RUNNING), Reply.ok(RUNNING),
				Reply.ok(RUNNING), Reply.ok(DONE));

		operations.awaitDone(TOKEN, running("op-42")).block();

		List<Recorded> polls = this.server.requests();
		assertThat(polls).hasSize(6);
		// waits are 40, 60, 60, 60, 60, 60 ms; uncapped growth would make the last one over 300 ms
		long lastGap = millis(polls.get(4).receivedNanos(), polls.get(5).receivedNanos());
		assertThat(lastGap).isGreaterThanOrEqualTo(58).isLessThan(1_000);
	}

	@Test
	void alreadyDoneNeedsNoPoll() {
		OperationApi operations = operations(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2));
		Operation done = new Operation("op-1", null, null, null, null, true, Map.of(), Map.of("id", "aje1"), null);

		assertThat(operations.awaitDone(TOKEN, done).block()).isSameAs(done);
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void alreadyDoneWithErrorIsTheTypedErrorWithoutAPoll() {
		OperationApi operations = operations(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2));
		Operation failed = new Operation("op-9", null, null, null, null, true, Map.of(), null,
				new RpcStatus(6, "Service account with name wizard-sa already exists", List.of()));

		CloudException error = catchThrowableOfType(CloudException.AlreadyExistsException.class,
				() -> operations.awaitDone(TOKEN, failed).block());

		assertThat(error.code()).isEqualTo(RpcCode.ALREADY_EXISTS);
		assertThat(error.httpStatus()).isEqualTo(409);
		assertThat(error.getMessage()).contains("op-9", "already exists");
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void doneWithErrorIsTheTypedErrorNamingTheOperation() {
		OperationApi operations = operations(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5));
		this.server.enqueue(Reply.ok(RUNNING), Reply.ok(FAILED));

		CloudException error = catchThrowableOfType(CloudException.PermissionDeniedException.class,
				() -> operations.awaitDone(TOKEN, running("op-42")).block());

		assertThat(error.code()).isEqualTo(RpcCode.PERMISSION_DENIED);
		assertThat(error.httpStatus()).isEqualTo(403);
		assertThat(error.getMessage()).contains("op-42", "Permission denied").doesNotContain("t1.leakedinoperation123");
		assertThat(this.server.requests()).hasSize(2);
	}

	@Test
	void transientPollFailureIsRetriedInsideThePoll() {
		OperationApi operations = operations(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5));
		this.server.enqueue(Reply.status(503, "14", "busy"), Reply.ok(DONE));

		Operation done = operations.awaitDone(TOKEN, running("op-42")).block();

		assertThat(done.done()).isTrue();
		assertThat(this.server.requests()).hasSize(2);
	}

	@Test
	void deadlineGivesOperationTimeoutNamingTheOperation() {
		OperationApi operations = operations(Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(300));
		this.server.respond((request) -> Reply.ok(RUNNING.replace("op-42", "op-slow")));

		long started = System.nanoTime();
		CloudException.OperationTimeoutException error = catchThrowableOfType(
				CloudException.OperationTimeoutException.class,
				() -> operations.awaitDone(TOKEN, running("op-slow")).block(Duration.ofSeconds(30)));
		long elapsedMs = millis(started, System.nanoTime());

		assertThat(error.operationId()).isEqualTo("op-slow");
		assertThat(error.getMessage()).contains("op-slow");
		assertThat(error.code()).isEqualTo(RpcCode.DEADLINE_EXCEEDED);
		assertThat(elapsedMs).isGreaterThanOrEqualTo(290).isLessThan(10_000);
		assertThat(this.server.requests()).hasSizeGreaterThanOrEqualTo(2)
			.allSatisfy((poll) -> assertThat(poll.path()).isEqualTo("/operations/op-slow"));
	}

	@Test
	void deadlineAlsoCutsAPollThatIsStillWaitingForAnAnswer() {
		CloudProperties.Polling polling = new CloudProperties.Polling(Duration.ofMillis(20), Duration.ofMillis(50),
				Duration.ofMillis(500));
		// a patient client: each of 3 attempts of a hanging poll may take 3.3 s
		OperationApi operations = FakeCloudServer.apis(FakeCloudServer.properties(this.server.base(), 3,
				Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(3), polling))
			.operations();
		this.server.enqueue(Reply.ok(RUNNING));
		this.server.respond((request) -> Reply.noAnswer());

		long started = System.nanoTime();
		Throwable error = catchThrowableOfType(Throwable.class,
				() -> operations.awaitDone(TOKEN, running("op-42")).block(Duration.ofSeconds(60)));
		long elapsedMs = millis(started, System.nanoTime());

		assertThat(error).isExactlyInstanceOf(CloudException.OperationTimeoutException.class);
		assertThat(((CloudException.OperationTimeoutException) error).operationId()).isEqualTo("op-42");
		// at the 500 ms deadline (room for a loaded machine), not after the hanging poll's ~10 s of attempts
		assertThat(elapsedMs).isGreaterThanOrEqualTo(490).isLessThan(5_000);
	}

	@Test
	void deadlineStartsWhenTheResultIsSubscribedNotWhenItIsAssembled() throws InterruptedException {
		OperationApi operations = operations(Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(400));
		this.server.enqueue(Reply.ok(RUNNING), Reply.ok(DONE));

		var later = operations.awaitDone(TOKEN, running("op-42"));
		Thread.sleep(600);

		assertThat(later.block(Duration.ofSeconds(30)).done()).isTrue();
	}

	private static long millis(long fromNanos, long toNanos) {
		return (toNanos - fromNanos) / 1_000_000;
	}

}
