package dev.aikeywizard.cloud;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.aikeywizard.cloud.CloudClientConfiguration.CloudApis;
import dev.aikeywizard.cloud.FakeCloudServer.Recorded;
import dev.aikeywizard.cloud.FakeCloudServer.Reply;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The typed client against a scripted local HTTP server: what the sandbox cannot show (exact headers per attempt,
 * every error shape, retry bounds and timing, unreachable hosts, paging, lenient JSON, path prefixes, redaction).
 */
class CloudClientFakeServerTests {

	static final IamToken TOKEN = new IamToken("t1.9euelZrFakeIamTokenValue-0123456789",
			Instant.parse("2030-01-01T00:00:00Z"));

	static final String FOLDER_JSON = "{\"id\":\"b1gfolder\",\"cloudId\":\"b1gcloud\",\"name\":\"default\","
			+ "\"status\":\"ACTIVE\",\"createdAt\":\"2023-03-04T09:03:11.665153755Z\"}";

	static final String OPERATION_JSON = "{\"id\":\"op-1\",\"done\":true,\"metadata\":{\"@type\":"
			+ "\"type.googleapis.com/yandex.cloud.iam.v1.CreateServiceAccountMetadata\",\"serviceAccountId\":\"aje1\"},"
			+ "\"response\":{\"@type\":\"type.googleapis.com/yandex.cloud.iam.v1.ServiceAccount\",\"id\":\"aje1\"}}";

	FakeCloudServer server;

	CloudApis apis;

	@BeforeEach
	void start() throws IOException {
		this.server = new FakeCloudServer();
		this.apis = FakeCloudServer.apis(FakeCloudServer.properties(this.server.base()));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private CloudApis apis(int maxAttempts, Duration maxBackoff) {
		return apis(maxAttempts, maxBackoff, Duration.ofSeconds(2));
	}

	private CloudApis apis(int maxAttempts, Duration maxBackoff, Duration readTimeout) {
		return FakeCloudServer.apis(FakeCloudServer.properties(this.server.base(), maxAttempts, Duration.ofMillis(10),
				maxBackoff, readTimeout,
				new CloudProperties.Polling(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2))));
	}

	/** A client with {@code app.cloud.budget} = {@code budget}, recording its attempts into {@code meters}. */
	private CloudApis budgeted(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration readTimeout,
			Duration budget, MeterRegistry meters) {
		return CloudClientConfiguration.apis(WebClient.builder(),
				FakeCloudServer.properties(this.server.base(), maxAttempts, initialBackoff, maxBackoff, readTimeout,
						new CloudProperties.Polling(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2)),
						budget),
				meters);
	}

	private CloudApis budgeted(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration readTimeout,
			Duration budget) {
		return budgeted(maxAttempts, initialBackoff, maxBackoff, readTimeout, budget, new SimpleMeterRegistry());
	}

	/** One answered call first, so that class loading and connection setup are not part of a measured time. */
	private void warmUp(CloudApis apis) {
		this.server.enqueue(Reply.ok(FOLDER_JSON));
		apis.resourceManager().getFolder(TOKEN, "b1gfolder").block();
	}

	private static long millisSince(long started) {
		return (System.nanoTime() - started) / 1_000_000;
	}

	private static Reply slowly(long millis, Reply reply) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return reply;
	}

	private static void assertUuid(String value) {
		assertThat(value).isNotBlank();
		assertThat(UUID.fromString(value).toString()).isEqualTo(value);
	}

	// ---- headers ----

	@Test
	void cloudReadCarriesBearerAndClientRequestIdButNoIdempotencyKey() {
		this.server.enqueue(Reply.ok(FOLDER_JSON), Reply.ok(FOLDER_JSON));

		Folder folder = this.apis.resourceManager().getFolder(TOKEN, "b1gfolder").block();
		this.apis.resourceManager().getFolder(TOKEN, "b1gfolder").block();

		assertThat(folder.id()).isEqualTo("b1gfolder");
		assertThat(folder.isActive()).isTrue();
		assertThat(folder.createdAt()).isEqualTo(Instant.parse("2023-03-04T09:03:11.665153755Z"));
		List<Recorded> requests = this.server.requests();
		assertThat(requests).hasSize(2);
		for (Recorded request : requests) {
			assertThat(request.method()).isEqualTo("GET");
			assertThat(request.path()).isEqualTo("/resource-manager/v1/folders/b1gfolder");
			assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN.value());
			assertThat(request.header("Accept")).contains("application/json");
			assertThat(request.header("Idempotency-Key")).isNull();
			assertUuid(request.header("x-client-request-id"));
		}
		assertThat(requests.get(0).header("x-client-request-id"))
			.isNotEqualTo(requests.get(1).header("x-client-request-id"));
	}

	@Test
	void mutationCarriesBearerIdempotencyKeyAndJsonBody() {
		this.server.enqueue(Reply.ok(OPERATION_JSON));

		Operation operation = this.apis.serviceAccounts()
			.create(TOKEN, new CreateServiceAccountRequest("b1gfolder", "wizard-sa", "made by test"), "key-123")
			.block();

		assertThat(operation.done()).isTrue();
		assertThat(operation.metadataString("serviceAccountId")).contains("aje1");
		Recorded request = this.server.requests().get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/iam/v1/serviceAccounts");
		assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN.value());
		assertThat(request.header("Idempotency-Key")).isEqualTo("key-123");
		assertThat(request.header("Content-Type")).startsWith("application/json");
		assertThat(request.body()).contains("\"folderId\":\"b1gfolder\"", "\"name\":\"wizard-sa\"");
		assertUuid(request.header("x-client-request-id"));
	}

	@Test
	void mutationWithoutIdempotencyKeyIsRefusedBeforeAnyRequest() {
		assertThatThrownBy(() -> this.apis.apiKeys().delete(TOKEN, "aje-key", " "))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("idempotency key");
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void tokenizeUsesApiKeyAndFolderHeaderNotBearer() {
		this.server.enqueue(Reply.ok("{\"tokens\":[{\"id\":\"1\",\"text\":\"<s>\",\"special\":true},"
				+ "{\"id\":\"2045\",\"text\":\"Hi\",\"futureField\":{\"x\":1}}],\"modelVersion\":\"23.10.2024\","
				+ "\"somethingNew\":[1,2]}"));

		var result = this.apis.foundationModels()
			.tokenizeWithApiKey("AQVNsecretApiKeyValue123", "b1gfolder", "gpt://b1gfolder/yandexgpt-lite/latest", "Hi")
			.block();

		assertThat(result.tokens()).extracting(FoundationModelsApi.TokenizeResult.Token::id).containsExactly("1", "2045");
		assertThat(result.tokens()).extracting(FoundationModelsApi.TokenizeResult.Token::special)
			.containsExactly(true, false);
		Recorded request = this.server.requests().get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/foundationModels/v1/tokenize");
		assertThat(request.headers().get("authorization")).containsExactly("Api-Key AQVNsecretApiKeyValue123");
		assertThat(request.header("x-folder-id")).isEqualTo("b1gfolder");
		assertThat(request.header("Idempotency-Key")).isNull();
		assertUuid(request.header("x-client-request-id"));
		assertThat(request.body()).contains("\"modelUri\":\"gpt://b1gfolder/yandexgpt-lite/latest\"",
				"\"text\":\"Hi\"");
	}

	@Test
	void iamTokenExchangeSendsNoAuthorizationAndTheCredentialInTheBody() {
		this.server.enqueue(Reply.ok("{\"iamToken\":\"t1.newtoken-abcdefghij\","
				+ "\"expiresAt\":\"2030-01-01T12:00:00.123456Z\",\"unknownField\":true}"));

		IamToken token = this.apis.iamTokens().exchangeOAuthToken("y0_AgAAAAOAuthTokenValue").block();

		assertThat(token.value()).isEqualTo("t1.newtoken-abcdefghij");
		assertThat(token.expiresAt()).isEqualTo(Instant.parse("2030-01-01T12:00:00.123456Z"));
		Recorded request = this.server.requests().get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/iam/v1/tokens");
		assertThat(request.headers()).doesNotContainKey("authorization");
		assertThat(request.header("Idempotency-Key")).isNull();
		assertUuid(request.header("x-client-request-id"));
		assertThat(request.body()).isEqualTo("{\"yandexPassportOauthToken\":\"y0_AgAAAAOAuthTokenValue\"}");
	}

	@Test
	void retriedMutationKeepsItsIdempotencyKeyAndGetsAFreshClientRequestIdPerAttempt() {
		this.server.enqueue(Reply.status(503, "14", "try later"), Reply.status(503, "14", "try later"),
				Reply.ok(OPERATION_JSON));

		List<Operation> results = this.apis.serviceAccounts()
			.create(TOKEN, new CreateServiceAccountRequest("b1gfolder", "wizard-sa", null), "same-key-42")
			.flux()
			.collectList()
			.block();

		assertThat(results).hasSize(1);
		List<Recorded> requests = this.server.requests();
		assertThat(requests).hasSize(3);
		Set<String> clientRequestIds = new HashSet<>();
		for (Recorded request : requests) {
			assertThat(request.header("Idempotency-Key")).isEqualTo("same-key-42");
			assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN.value());
			assertThat(request.body()).isEqualTo(requests.get(0).body());
			assertUuid(request.header("x-client-request-id"));
			clientRequestIds.add(request.header("x-client-request-id"));
		}
		assertThat(clientRequestIds).hasSize(3);
	}

	// ---- errors ----

	static Stream<Arguments> errorStatuses() {
		return Stream.of(Arguments.of(400, 3, RpcCode.INVALID_ARGUMENT, CloudException.InvalidArgumentException.class, 1),
				Arguments.of(401, 16, RpcCode.UNAUTHENTICATED, CloudException.UnauthenticatedException.class, 1),
				Arguments.of(403, 7, RpcCode.PERMISSION_DENIED, CloudException.PermissionDeniedException.class, 1),
				Arguments.of(404, 5, RpcCode.NOT_FOUND, CloudException.NotFoundException.class, 1),
				Arguments.of(409, 6, RpcCode.ALREADY_EXISTS, CloudException.AlreadyExistsException.class, 1),
				Arguments.of(429, 8, RpcCode.RESOURCE_EXHAUSTED, CloudException.ResourceExhaustedException.class, 3),
				Arguments.of(503, 14, RpcCode.UNAVAILABLE, CloudException.UnavailableException.class, 3));
	}

	@ParameterizedTest(name = "{0} -> {3}, {4} request(s)")
	@MethodSource("errorStatuses")
	void statusBodyBecomesTheTypedErrorAndOnlyRetryableOnesAreRetried(int http, int code, RpcCode rpc,
			Class<? extends CloudException> type, int expectedRequests) {
		this.server.respond((request) -> Reply.json(http, "{\"code\":" + code + ",\"message\":\"server says " + http
				+ "\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RequestInfo\",\"requestId\":\"detail-id\"}]}")
			.header("x-request-id", "header-id-" + http));

		CloudException error = catchThrowableOfType(CloudException.class,
				() -> this.apis.serviceAccounts()
					.create(TOKEN, new CreateServiceAccountRequest("b1gfolder", "wizard-sa", null), "k-" + http)
					.block());

		assertThat(error).isExactlyInstanceOf(type);
		assertThat(error.code()).isEqualTo(rpc);
		assertThat(error.httpStatus()).isEqualTo(http);
		assertThat(error.serverMessage()).isEqualTo("server says " + http);
		assertThat(error.requestId()).isEqualTo("header-id-" + http);
		assertThat(error.details()).hasSize(1);
		assertThat(error.getMessage()).contains("server says " + http, "header-id-" + http);
		assertThat(this.server.requests()).hasSize(expectedRequests);
	}

	@Test
	void requestIdFallsBackToTheRequestInfoDetail() {
		this.server.enqueue(Reply.json(404, "{\"code\":5,\"message\":\"Folder not found\",\"details\":["
				+ "{\"@type\":\"type.googleapis.com/google.rpc.DebugInfo\",\"detail\":\"x\"},"
				+ "{\"@type\":\"type.googleapis.com/google.rpc.RequestInfo\",\"requestId\":\"rq-from-detail\"}]}"));

		CloudException error = catchThrowableOfType(CloudException.NotFoundException.class,
				() -> this.apis.resourceManager().getFolder(TOKEN, "missing").block());

		assertThat(error.requestId()).isEqualTo("rq-from-detail");
		assertThat(this.server.requests()).hasSize(1);
	}

	@Test
	void requestIdFallsBackToOurClientRequestIdOfTheLastAttempt() {
		this.server.respond((request) -> Reply.status(503, "14", "down"));

		CloudException error = catchThrowableOfType(CloudException.UnavailableException.class,
				() -> this.apis.resourceManager().getFolder(TOKEN, "b1gfolder").block());

		List<Recorded> requests = this.server.requests();
		assertThat(requests).hasSize(3);
		assertThat(error.requestId()).isEqualTo(requests.get(2).header("x-client-request-id"));
	}

	@Test
	void codeInTheBodyWinsOverTheHttpStatus() {
		// FAILED_PRECONDITION travels as HTTP 400 but is its own code
		this.server.enqueue(Reply.status(400, "9", "folder is being deleted"));

		CloudException error = catchThrowableOfType(CloudException.InvalidArgumentException.class,
				() -> this.apis.resourceManager().getFolder(TOKEN, "b1gfolder").block());

		assertThat(error.code()).isEqualTo(RpcCode.FAILED_PRECONDITION);
		assertThat(error.httpStatus()).isEqualTo(400);
	}

	@Test
	void htmlErrorPageFromAProxyStillGivesATypedRetryableError() {
		this.server.respond((request) -> new Reply(502, Map.of("Content-Type", "text/html"),
				"<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>", false));

		CloudException error = catchThrowableOfType(CloudException.UnavailableException.class,
				() -> this.apis.billing().listBillingAccounts(TOKEN).block());

		assertThat(error.code()).isEqualTo(RpcCode.UNAVAILABLE);
		assertThat(error.httpStatus()).isEqualTo(502);
		assertThat(error.serverMessage()).doesNotContain("<html>");
		assertThat(error.requestId()).isNotBlank();
		assertThat(this.server.requests()).hasSize(3);
	}

	@Test
	void emptyOrNonStatusJsonErrorBodyFallsBackToTheHttpStatus() {
		this.server.enqueue(new Reply(403, Map.of(), "", false),
				Reply.json(401, "[\"not\",\"a\",\"status\"]"));

		CloudException empty = catchThrowableOfType(CloudException.PermissionDeniedException.class,
				() -> this.apis.resourceManager().getFolder(TOKEN, "a").block());
		CloudException array = catchThrowableOfType(CloudException.UnauthenticatedException.class,
				() -> this.apis.resourceManager().getFolder(TOKEN, "b").block());

		assertThat(empty.httpStatus()).isEqualTo(403);
		assertThat(array.code()).isEqualTo(RpcCode.UNAUTHENTICATED);
		assertThat(this.server.requests()).hasSize(2);
	}

	// ---- retries ----

	@Test
	void unavailableThenSuccessIsRetriedAndGivesOneResult() {
		this.server.enqueue(Reply.status(503, "14", "warming up"), Reply.ok(FOLDER_JSON));

		List<Folder> results = this.apis.resourceManager().getFolder(TOKEN, "b1gfolder").flux().collectList().block();

		assertThat(results).singleElement().extracting(Folder::id).isEqualTo("b1gfolder");
		assertThat(this.server.requests()).hasSize(2);
	}

	@Test
	void retryAfterAsAnHttpDateFallsBackToTheBackoff() {
		this.server.enqueue(Reply.status(429, "8", "slow down").header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"),
				Reply.ok(FOLDER_JSON));

		Folder folder = this.apis.resourceManager().getFolder(TOKEN, "b1gfolder").block();

		assertThat(folder.id()).isEqualTo("b1gfolder");
		assertThat(this.server.requests()).hasSize(2);
	}

	@Test
	void retriesAreBoundedByMaxAttemptsAndTheLastTypedErrorSurfaces() {
		CloudApis four = apis(4, Duration.ofMillis(50));
		this.server.enqueue(Reply.status(503, "14", "first"), Reply.status(503, "14", "second"),
				Reply.status(503, "14", "third"), Reply.status(429, "8", "fourth"), Reply.ok(FOLDER_JSON));

		Throwable error = catchThrowableOfType(Throwable.class,
				() -> four.resourceManager().getFolder(TOKEN, "b1gfolder").block());

		assertThat(Exceptions.isRetryExhausted(error)).isFalse();
		assertThat(error).isExactlyInstanceOf(CloudException.ResourceExhaustedException.class)
			.hasMessageContaining("fourth");
		assertThat(this.server.requests()).hasSize(4);
	}

	@Test
	void maxAttemptsOfOneMeansNoRetry() {
		CloudApis once = apis(1, Duration.ofMillis(50));
		this.server.respond((request) -> Reply.status(503, "14", "down"));

		assertThatThrownBy(() -> once.resourceManager().getFolder(TOKEN, "b1gfolder").block())
			.isExactlyInstanceOf(CloudException.UnavailableException.class);
		assertThat(this.server.requests()).hasSize(1);
	}

	@Test
	void connectionRefusedIsUnavailableWithStatusZero() throws IOException {
		URI closed;
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
		}
		CloudApis nowhere = FakeCloudServer.apis(FakeCloudServer.properties(closed));
		// nothing answers, so the attempts are counted in CloudHttp's own debug log
		Logger logger = (Logger) LoggerFactory.getLogger(CloudHttp.class);
		Level level = logger.getLevel();
		ListAppender<ILoggingEvent> log = new ListAppender<>();
		log.start();
		logger.addAppender(log);
		logger.setLevel(Level.DEBUG);
		long started = System.nanoTime();
		Throwable error;
		try {
			error = catchThrowableOfType(Throwable.class,
					() -> nowhere.resourceManager().getFolder(TOKEN, "b1gfolder").block());
		}
		finally {
			logger.detachAppender(log);
			logger.setLevel(level);
		}
		long elapsedMs = (System.nanoTime() - started) / 1_000_000;

		List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
		assertThat(lines.stream().filter((line) -> line.contains(" failed: "))).hasSize(3);
		assertThat(lines.stream().filter((line) -> line.contains(" retry "))).hasSize(2);
		assertThat(lines).noneMatch((line) -> line.contains(TOKEN.value()));

		assertThat(Exceptions.isRetryExhausted(error)).isFalse();
		assertThat(error).isExactlyInstanceOf(CloudException.UnavailableException.class);
		CloudException cloud = (CloudException) error;
		assertThat(cloud.httpStatus()).isZero();
		assertThat(cloud.code()).isEqualTo(RpcCode.UNAVAILABLE);
		assertThat(cloud.requestId()).isNotBlank();
		assertThat(cloud.getMessage()).contains("unreachable").doesNotContain(TOKEN.value());
		assertThat(elapsedMs).isLessThan(15_000);
	}

	@Test
	void serverThatNeverAnswersIsUnavailableWithinABoundedTime() {
		CloudApis two = apis(2, Duration.ofMillis(50), Duration.ofMillis(300));
		// one answered call first (with a patient client), so class loading is not part of the measured time
		this.server.enqueue(Reply.ok(FOLDER_JSON));
		this.apis.resourceManager().getFolder(TOKEN, "b1gfolder").block();
		this.server.respond((request) -> Reply.noAnswer());

		long started = System.nanoTime();
		Throwable error = catchThrowableOfType(Throwable.class,
				() -> two.resourceManager().getFolder(TOKEN, "b1gfolder").block(Duration.ofSeconds(60)));
		long elapsedMs = (System.nanoTime() - started) / 1_000_000;

		assertThat(Exceptions.isRetryExhausted(error)).isFalse();
		assertThat(error).isExactlyInstanceOf(CloudException.UnavailableException.class);
		CloudException cloud = (CloudException) error;
		assertThat(cloud.httpStatus()).isZero();
		assertThat(cloud.getMessage()).contains("unreachable");
		// 2 attempts, each cut at the 300 ms read timeout (connect + read at the latest), plus one short backoff;
		// the server would hold each request for minutes, so this only passes when the client gives up by itself.
		// The upper bound leaves room for a heavily loaded machine.
		assertThat(elapsedMs).isGreaterThanOrEqualTo(550).isLessThan(15_000);
		// the server may see a request late on a busy machine, but it must see exactly one per attempt
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.server.requests().size() >= 3);
		assertThat(this.server.requests()).hasSize(3);
	}

	// ---- the time budget of one user action (app.cloud.budget, CallDeadline) ----

	@Test
	void retryAfterReplacesTheBackoffRatherThanAddingToIt() {
		// a backoff of 500..1500 ms would show in the gap if it were added to the server's second
		CloudApis patient = budgeted(3, Duration.ofMillis(1000), Duration.ofMillis(2000), Duration.ofSeconds(2),
				Duration.ofSeconds(10));
		this.server.enqueue(Reply.status(429, "8", "slow down").header("Retry-After", "1"), Reply.ok(FOLDER_JSON));

		long started = System.nanoTime();
		Folder folder = patient.resourceManager().getFolder(TOKEN, "b1gfolder").block(Duration.ofSeconds(10));
		long elapsedMs = millisSince(started);

		assertThat(folder.id()).isEqualTo("b1gfolder");
		List<Recorded> requests = this.server.requests();
		assertThat(requests).hasSize(2);
		long gapMs = (requests.get(1).receivedNanos() - requests.get(0).receivedNanos()) / 1_000_000;
		assertThat(gapMs).isGreaterThanOrEqualTo(980).isLessThan(1450);
		assertThat(elapsedMs).isGreaterThanOrEqualTo(980);
	}

	@Test
	void retryAfterBeyondTheBudgetEndsTheCallAtOnceWithTheServersError() {
		// 4 attempts and a 5 s max backoff: the old client waited 5 s (Retry-After capped) plus backoff per retry
		CloudApis budgeted = budgeted(4, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(2),
				Duration.ofSeconds(2));
		warmUp(budgeted);
		this.server.respond((request) -> Reply.status(503, "14", "overloaded")
			.header("Retry-After", "30")
			.header("x-request-id", "rq-overloaded"));

		long started = System.nanoTime();
		Throwable error = catchThrowableOfType(Throwable.class,
				() -> budgeted.resourceManager().getFolder(TOKEN, "b1gfolder").block(Duration.ofSeconds(10)));
		long elapsedMs = millisSince(started);

		assertThat(Exceptions.isRetryExhausted(error)).isFalse();
		assertThat(error).isExactlyInstanceOf(CloudException.UnavailableException.class);
		CloudException cloud = (CloudException) error;
		assertThat(cloud.httpStatus()).isEqualTo(503);
		assertThat(cloud.requestId()).isEqualTo("rq-overloaded");
		assertThat(cloud.retryAfter()).contains(Duration.ofSeconds(30));
		// a 30 s wait cannot fit in 2 s: no second attempt, no waiting
		assertThat(this.server.requests()).hasSize(1 + 1);
		assertThat(elapsedMs).isLessThan(2000);
	}

	@Test
	void retryAfterIsWaitedOnlyWhileTheBudgetLasts() {
		CloudApis budgeted = budgeted(10, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2),
				Duration.ofMillis(1500));
		warmUp(budgeted);
		this.server.respond((request) -> Reply.status(429, "8", "slow down").header("Retry-After", "1"));

		long started = System.nanoTime();
		Throwable error = catchThrowableOfType(Throwable.class,
				() -> budgeted.resourceManager().getFolder(TOKEN, "b1gfolder").block(Duration.ofSeconds(10)));
		long elapsedMs = millisSince(started);

		assertThat(error).isExactlyInstanceOf(CloudException.ResourceExhaustedException.class)
			.hasMessageContaining("slow down");
		// attempts at 0 s and 1 s; a third at 2 s would be past the 1.5 s budget, so the call ends after the second
		assertThat(this.server.requests()).hasSize(1 + 2);
		assertThat(elapsedMs).isGreaterThanOrEqualTo(980).isLessThan(1500);
	}

	@Test
	void serverThatNeverAnswersFailsAtTheBudgetNotAtTheTimeoutsTimesTheAttempts() {
		MeterRegistry meters = new SimpleMeterRegistry();
		// each attempt may take 300 ms + 5 s, four of them: the old client gave up after about 21 s
		CloudApis budgeted = budgeted(4, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5),
				Duration.ofSeconds(1), meters);
		warmUp(this.apis);
		this.server.respond((request) -> Reply.noAnswer());

		long started = System.nanoTime();
		Throwable error = catchThrowableOfType(Throwable.class,
				() -> budgeted.resourceManager().getFolder(TOKEN, "b1gfolder").block(Duration.ofSeconds(60)));
		long elapsedMs = millisSince(started);

		assertThat(Exceptions.isRetryExhausted(error)).isFalse();
		assertThat(error).isExactlyInstanceOf(CloudException.UnavailableException.class);
		CloudException cloud = (CloudException) error;
		assertThat(cloud.httpStatus()).isZero();
		assertThat(cloud.requestId()).isNotBlank();
		assertThat(cloud.getMessage()).contains("unreachable", "no answer within the 1000 ms budget")
			.doesNotContain(TOKEN.value());
		assertThat(elapsedMs).isGreaterThanOrEqualTo(950).isLessThan(4000);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.server.requests().size() >= 2);
		assertThat(this.server.requests()).hasSize(1 + 1);
		assertThat(meters.get(CloudHttp.METRIC).tag("outcome", "unreachable").timer().count()).isEqualTo(1);
		assertThat(meters.get(CloudHttp.METRIC).timers()).hasSize(1);
	}

	@Test
	void deadlineAlreadyPassedFailsWithoutSendingAnything() throws InterruptedException {
		this.server.respond((request) -> Reply.ok(FOLDER_JSON));
		Instant passed = Instant.now().minusMillis(1);

		Throwable single = catchThrowableOfType(Throwable.class, () -> CallDeadline
			.within(this.apis.resourceManager().getFolder(TOKEN, "b1gfolder"), passed)
			.block(Duration.ofSeconds(10)));
		Throwable list = catchThrowableOfType(Throwable.class, () -> CallDeadline
			.within(this.apis.resourceManager().listFolders(TOKEN, "b1gcloud"), passed)
			.block(Duration.ofSeconds(10)));
		Throwable mutation = catchThrowableOfType(Throwable.class, () -> CallDeadline
			.within(this.apis.serviceAccounts()
				.create(TOKEN, new CreateServiceAccountRequest("b1gfolder", "wizard-sa", null), "k-late"), passed)
			.block(Duration.ofSeconds(10)));

		for (Throwable error : List.of(single, list, mutation)) {
			assertThat(error).isExactlyInstanceOf(CloudException.UnavailableException.class)
				.hasMessageContaining("budget");
			assertThat(((CloudException) error).httpStatus()).isZero();
		}
		Thread.sleep(200);
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void sequentialCallsUnderOneCallDeadlineShareIt() {
		// each call alone fits in its own 20 s budget and 2.3 s attempt; together they overrun the shared 1.3 s
		this.server.respond((request) -> slowly(800, Reply.ok(FOLDER_JSON)));
		warmUp(this.apis);

		long started = System.nanoTime();
		Throwable error = catchThrowableOfType(Throwable.class, () -> CallDeadline
			.within(this.apis.resourceManager()
				.getFolder(TOKEN, "first")
				.then(this.apis.resourceManager().getFolder(TOKEN, "second")), Instant.now().plusMillis(1300))
			.block(Duration.ofSeconds(10)));
		long elapsedMs = millisSince(started);

		assertThat(error).isExactlyInstanceOf(CloudException.UnavailableException.class)
			.hasMessageContaining("ms budget");
		assertThat(elapsedMs).isGreaterThanOrEqualTo(1250).isLessThan(2200);
		assertThat(this.server.requests()).extracting(Recorded::path)
			.containsExactly("/resource-manager/v1/folders/b1gfolder", "/resource-manager/v1/folders/first",
					"/resource-manager/v1/folders/second");
	}

	@Test
	void anInnerDeadlineCanOnlyTightenAnOuterOne() {
		this.server.respond((request) -> Reply.noAnswer());
		warmUp(this.apis);
		Instant near = Instant.now().plusMillis(800);
		Instant far = Instant.now().plusSeconds(30);

		long started = System.nanoTime();
		Throwable error = catchThrowableOfType(Throwable.class, () -> CallDeadline
			.within(CallDeadline.within(this.apis.resourceManager().getFolder(TOKEN, "b1gfolder"), far), near)
			.block(Duration.ofSeconds(10)));
		long elapsedMs = millisSince(started);

		assertThat(error).isExactlyInstanceOf(CloudException.UnavailableException.class)
			.hasMessageContaining("ms budget");
		assertThat(elapsedMs).isLessThan(1500);
	}

	@Test
	void aFarAwayDeadlineIsJustALongOne() {
		this.server.enqueue(Reply.ok(FOLDER_JSON));

		Folder folder = CallDeadline.within(this.apis.resourceManager().getFolder(TOKEN, "b1gfolder"), Instant.MAX)
			.block(Duration.ofSeconds(10));

		assertThat(folder.id()).isEqualTo("b1gfolder");
	}

	@Test
	void everyPageOfAListSharesOneBudget() {
		// three pages of 600 ms each: every page fits in the 2.3 s attempt and in a 1.5 s budget of its own,
		// but not all three in one 1.5 s budget
		CloudApis budgeted = budgeted(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2),
				Duration.ofMillis(1500));
		warmUp(budgeted);
		this.server.respond((request) -> {
			String pageToken = request.queryParams().get("pageToken");
			String next = (pageToken == null) ? "p2" : pageToken.equals("p2") ? "p3" : "";
			return slowly(600, Reply.ok("{\"folders\":[{\"id\":\"f\"}],\"nextPageToken\":\"" + next + "\"}"));
		});

		long started = System.nanoTime();
		Throwable error = catchThrowableOfType(Throwable.class,
				() -> budgeted.resourceManager().listFolders(TOKEN, "b1gcloud").block(Duration.ofSeconds(10)));
		long elapsedMs = millisSince(started);

		assertThat(error).isExactlyInstanceOf(CloudException.UnavailableException.class)
			.hasMessageContaining("ms budget");
		assertThat(elapsedMs).isGreaterThanOrEqualTo(1450).isLessThan(2500);
		assertThat(this.server.requests()).hasSize(1 + 3);
	}

	// ---- pagination ----

	@Test
	void listFollowsEveryPagePassingThePageTokenThrough() {
		String token2 = "p2/+=&?x y";
		String token3 = "p3";
		this.server.respond((request) -> {
			String pageToken = request.queryParams().get("pageToken");
			if (pageToken == null) {
				return Reply.ok("{\"folders\":[{\"id\":\"f1\"},{\"id\":\"f2\"}],\"nextPageToken\":\"" + token2 + "\"}");
			}
			if (pageToken.equals(token2)) {
				return Reply.ok("{\"folders\":[{\"id\":\"f3\"}],\"nextPageToken\":\"" + token3 + "\"}");
			}
			if (pageToken.equals(token3)) {
				return Reply.ok("{\"folders\":[{\"id\":\"f4\"},{\"id\":\"f5\"}],\"nextPageToken\":\"\"}");
			}
			return Reply.status(400, "3", "bad page token " + pageToken);
		});

		List<Folder> folders = this.apis.resourceManager().listFolders(TOKEN, "b1gcloud").block();

		assertThat(folders).extracting(Folder::id).containsExactly("f1", "f2", "f3", "f4", "f5");
		List<Recorded> requests = this.server.requests();
		assertThat(requests).hasSize(3);
		assertThat(requests).allSatisfy((request) -> {
			assertThat(request.path()).isEqualTo("/resource-manager/v1/folders");
			assertThat(request.queryParams()).containsEntry("cloudId", "b1gcloud").containsEntry("pageSize", "1000");
			assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN.value());
		});
		assertThat(requests.get(0).queryParams()).doesNotContainKey("pageToken");
		assertThat(requests.get(1).queryParams()).containsEntry("pageToken", token2);
		assertThat(requests.get(2).queryParams()).containsEntry("pageToken", token3);
	}

	@Test
	void listEndsWhenNextPageTokenIsAbsentAndToleratesAMissingList() {
		this.server.enqueue(Reply.ok("{\"nextPageToken\":\"more\"}"),
				Reply.ok("{\"billingAccounts\":[{\"id\":\"dn2\",\"currency\":\"RUB\"}]}"));

		List<BillingAccount> accounts = this.apis.billing().listBillingAccounts(TOKEN).block();

		assertThat(accounts).extracting(BillingAccount::id).containsExactly("dn2");
		assertThat(this.server.requests()).hasSize(2);
	}

	// ---- JSON ----

	record Usage(long inputTextTokens, long totalTokens, boolean cached) {
	}

	@Test
	void int64AsStringsIsReadAndUnknownFieldsAreIgnored() {
		this.server.enqueue(Reply.ok("{\"inputTextTokens\":\"9007199254740993\",\"totalTokens\":38,"
				+ "\"completionTokensDetails\":{\"reasoningTokens\":\"0\"},\"brandNew\":\"x\"}"));

		Usage usage = FakeCloudServer.http(FakeCloudServer.properties(this.server.base()), this.server.base())
			.call(CloudHttp.Call.get("/usage", TOKEN), Usage.class)
			.block();

		assertThat(usage.inputTextTokens()).isEqualTo(9007199254740993L);
		assertThat(usage.totalTokens()).isEqualTo(38L);
		assertThat(usage.cached()).isFalse();
	}

	@Test
	void int64SentAsANumberIsReadIntoAStringField() {
		this.server.enqueue(Reply.ok("{\"tokens\":[{\"id\":2045,\"text\":\"Hi\",\"special\":false}]}"));

		var result = this.apis.foundationModels()
			.tokenizeWithApiKey("AQVNsecretApiKeyValue123", "b1gfolder", "gpt://b1gfolder/yandexgpt-lite/latest", "Hi")
			.block();

		assertThat(result.tokens()).extracting(FoundationModelsApi.TokenizeResult.Token::id).containsExactly("2045");
		assertThat(result.modelVersion()).isNull();
	}

	@Test
	void missingBooleansDefaultToFalse() {
		this.server.enqueue(Reply.ok("{\"billingAccounts\":[{\"id\":\"dn1\",\"balance\":\"12.50\"},"
				+ "{\"id\":\"dn2\",\"active\":true,\"newStatus\":\"TRIAL_ACTIVE\"}]}"),
				Reply.ok("{\"id\":\"op-7\",\"description\":\"create\"}"));

		List<BillingAccount> accounts = this.apis.billing().listBillingAccounts(TOKEN).block();
		Operation operation = this.apis.operations().get(TOKEN, "op-7").block();

		assertThat(accounts).extracting(BillingAccount::active).containsExactly(false, true);
		assertThat(accounts.get(0).balance()).isEqualTo("12.50");
		assertThat(operation.done()).isFalse();
		assertThat(operation.error()).isNull();
	}

	@Test
	void unreadableSuccessBodyIsATypedErrorWithoutTheBody() {
		this.server.enqueue(Reply.ok("{\"iamToken\":\"t1.leakedTokenValue12345\",\"expiresAt\":"
				+ "\"t1.anotherLeakedTokenValue\"}"));

		CloudException error = catchThrowableOfType(CloudException.class,
				() -> this.apis.iamTokens().exchangeOAuthToken("y0_AgAAAAOAuthTokenValue").block());

		assertThat(error.code()).isEqualTo(RpcCode.INTERNAL);
		assertThat(error.getMessage()).contains("IamTokenResponse")
			.doesNotContain("leakedTokenValue12345", "anotherLeakedTokenValue", "y0_AgAAAAOAuthTokenValue");
	}

	// ---- base URL with a path prefix ----

	@Test
	void baseUrlPathPrefixIsKept() {
		URI prefixed = this.server.base("/prefix/iam");
		URI trailing = this.server.base("/prefix/iam/");
		this.server.respond((request) -> Reply.ok("{\"iamToken\":\"t1.abcdefghijkl\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}"));

		new IamTokenApi(FakeCloudServer.http(FakeCloudServer.properties(prefixed), prefixed))
			.exchangeJwt("header.payload.signature")
			.block();
		new IamTokenApi(FakeCloudServer.http(FakeCloudServer.properties(trailing), trailing))
			.exchangeJwt("header.payload.signature")
			.block();

		assertThat(this.server.requests()).extracting(Recorded::path)
			.containsExactly("/prefix/iam/iam/v1/tokens", "/prefix/iam/iam/v1/tokens");
		assertThat(this.server.requests().get(0).body()).isEqualTo("{\"jwt\":\"header.payload.signature\"}");
	}

	// ---- redaction ----

	@Test
	void errorMessagesNeverCarryCredentials() {
		String echoed = "bad header Bearer " + TOKEN.value() + " and token " + TOKEN.value()
				+ " oauth y0_AgAAAAOAuthTokenValue key AQVNsecretApiKeyValue123 Api-Key AQVNsecretApiKeyValue123";
		this.server.enqueue(Reply.status(401, "16", echoed));

		CloudException error = catchThrowableOfType(CloudException.UnauthenticatedException.class,
				() -> this.apis.resourceManager().listClouds(TOKEN).block());

		assertThat(error.getMessage()).contains("<redacted>")
			.doesNotContain(TOKEN.value(), "Bearer " + TOKEN.value(), "y0_AgAAAAOAuthTokenValue",
					"AQVNsecretApiKeyValue123");
		assertThat(error.serverMessage()).doesNotContain(TOKEN.value(), "AQVNsecretApiKeyValue123");
		assertThat(error.toString()).doesNotContain(TOKEN.value());
	}

	@Test
	void redactMasksTokenLookingStrings() {
		assertThat(CloudHttp.redact("Authorization: Bearer abc.def and t1.9euelZrabcdefgh y1_AAAAAAAAAAAA "
				+ "AQVN0123456789abcdef Api-Key xyz"))
			.doesNotContain("abc.def", "t1.9euelZrabcdefgh", "y1_AAAAAAAAAAAA", "AQVN0123456789abcdef", "xyz");
		assertThat(CloudHttp.redact("folder b1gfolder not found")).isEqualTo("folder b1gfolder not found");
		assertThat(CloudHttp.redact(null)).isNull();
	}

	@Test
	void mutateRejectsAMissingKeyOnTheCallItself() {
		assertThatThrownBy(() -> CloudHttp.Call.mutate(HttpMethod.POST, "/x", null, TOKEN, null))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
