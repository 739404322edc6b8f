package dev.aikeywizard.cloud;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;

/**
 * One Yandex Cloud API host: every call goes through {@link #call}, which adds the credential, a fresh
 * {@code x-client-request-id} and the caller's {@code Idempotency-Key}, maps error bodies (google.rpc.Status) to the
 * {@link CloudException} tree, and retries only UNAVAILABLE, RESOURCE_EXHAUSTED and connection failures.
 * <p>
 * Time: the whole call (every attempt and every wait) fits in one deadline, the {@link CallDeadline} in the
 * Reactor Context or else {@code app.cloud.budget} from subscription. Each attempt is cut at connect + read timeout
 * or at the deadline, whichever comes first. The wait before a retry is the server's {@code Retry-After} when it
 * sent one, else capped exponential backoff with jitter; when that wait would end at or after the deadline the call
 * gives up at once with the last error, and once the deadline has passed nothing more is sent. Nothing here logs or
 * puts into an exception a credential.
 */
final class CloudHttp {

	private static final Logger log = LoggerFactory.getLogger(CloudHttp.class);

	static final String CLIENT_REQUEST_ID = "x-client-request-id";

	static final String REQUEST_ID = "x-request-id";

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	/** Things that look like credentials, masked in any server message we keep. */
	private static final Pattern CREDENTIAL = Pattern
		.compile("(t1\\.[A-Za-z0-9_.\\-]{8,}|y[0-3]_[A-Za-z0-9_\\-]{8,}|AQVN[A-Za-z0-9_\\-]{8,}|Bearer\\s+\\S+|Api-Key\\s+\\S+)");

	/** The timer of every attempt: {@code api}, {@code method} and {@code outcome} tags, never an id or token. */
	static final String METRIC = "cloud.client.requests";

	private final String api;

	private final String apiName;

	private final MeterRegistry meters;

	private final WebClient web;

	private final JsonMapper json;

	private final CloudProperties.Retry retry;

	private final Duration attemptTimeout;

	private final Duration budget;

	/** No call waits longer than this, whatever deadline it was given. */
	private static final Duration LONGEST = Duration.ofDays(1);

	/**
	 * @param apiName the API's fixed name for metrics: iam, resource-manager, billing, operation or llm
	 * @param meters where each attempt's latency and outcome are recorded
	 */
	CloudHttp(String api, String apiName, MeterRegistry meters, WebClient web, JsonMapper json,
			CloudProperties properties) {
		this.api = api;
		this.apiName = apiName;
		this.meters = meters;
		this.web = web;
		this.json = json;
		this.retry = properties.retry();
		this.attemptTimeout = properties.http().connectTimeout().plus(properties.http().readTimeout());
		this.budget = properties.budget();
	}

	/** A request to make: method, path below the base URL, query, body, credential and idempotency key. */
	record Call(HttpMethod method, String path, Map<String, ?> query, Object body, String authorization,
			String idempotencyKey, Map<String, String> headers) {

		static Call get(String path, IamToken token) {
			return new Call(HttpMethod.GET, path, Map.of(), null, bearer(token), null, Map.of());
		}

		Call query(Map<String, ?> query) {
			return new Call(this.method, this.path, query, this.body, this.authorization, this.idempotencyKey,
					this.headers);
		}

		static Call mutate(HttpMethod method, String path, Object body, IamToken token, String idempotencyKey) {
			if (idempotencyKey == null || idempotencyKey.isBlank()) {
				throw new IllegalArgumentException("a mutating call needs an idempotency key");
			}
			return new Call(method, path, Map.of(), body, bearer(token), idempotencyKey, Map.of());
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

	static String bearer(IamToken token) {
		return (token != null) ? "Bearer " + token.value() : null;
	}

	/**
	 * The call, retried within its deadline; fails with the last {@link CloudException} (never a Reactor
	 * RetryExhausted wrapper).
	 */
	<T> Mono<T> call(Call call, Class<T> type) {
		return Mono.deferContextual((context) -> {
			Duration left = CallDeadline.of(context)
				.map((deadline) -> Duration.between(Instant.now(), deadline))
				.orElse(this.budget);
			if (left.compareTo(LONGEST) > 0) {
				left = LONGEST; // a far-away deadline (Instant.MAX, say) must not overflow the nanosecond clock
			}
			return attempt(call, type, 1, new Deadline(System.nanoTime() + left.toNanos(), left.toMillis()), null);
		});
	}

	/** When the call must be over ({@link System#nanoTime()} scale) and the budget it had, for messages. */
	private record Deadline(long atNanos, long budgetMillis) {

		long leftNanos() {
			return this.atNanos - System.nanoTime();
		}

	}

	private <T> Mono<T> attempt(Call call, Class<T> type, int number, Deadline deadline, CloudException last) {
		long left = deadline.leftNanos();
		if (left <= 0) {
			// nothing is sent past the deadline: the last error of this call, or a budget spent before it began
			return Mono.error(() -> (last != null) ? last : spent(call, deadline));
		}
		boolean cut = left < this.attemptTimeout.toNanos();
		return send(call, type, cut ? Duration.ofNanos(left) : this.attemptTimeout, cut ? deadline : null)
			.onErrorResume((ex) -> retryable(ex) && number < this.retry.maxAttempts(), (ex) -> {
				CloudException failure = (CloudException) ex;
				Duration wait = failure.retryAfter().orElseGet(() -> backoff(number));
				if (wait.toNanos() >= deadline.leftNanos()) {
					log.debug("{} {} gives up after attempt {}: a wait of {} ms would pass the {} ms budget", this.api,
							call, number, wait.toMillis(), deadline.budgetMillis());
					return Mono.error(failure);
				}
				log.debug("{} {} retry {} after {}", this.api, call, number, failure.getClass().getSimpleName());
				return Mono.delay(wait).then(Mono.defer(() -> attempt(call, type, number + 1, deadline, failure)));
			});
	}

	/**
	 * The wait before retry {@code number} when the server gave no {@code Retry-After}: initial backoff doubled per
	 * retry, capped at max backoff, with ±50 % jitter (never above the cap), as Reactor's {@link Retry#backoff} did.
	 */
	private Duration backoff(int number) {
		long initial = this.retry.initialBackoff().toNanos();
		long max = this.retry.maxBackoff().toNanos();
		long base = (number - 1 >= 62 || initial > (max >> (number - 1))) ? max : Math.min(max, initial << (number - 1));
		long low = base / 2;
		long high = Math.min(max, base + base / 2);
		return Duration.ofNanos((high > low) ? ThreadLocalRandom.current().nextLong(low, high + 1) : base);
	}

	/**
	 * Every page of a list, followed through {@code nextPageToken} until it is empty; all pages share one deadline
	 * (the caller's {@link CallDeadline}, else {@code app.cloud.budget} from subscription).
	 */
	<P, T> Mono<List<T>> list(Call call, Class<P> pageType, Function<P, List<T>> items,
			Function<P, String> nextPageToken) {
		return Mono.defer(() -> CallDeadline.within(pages(call, pageType, items, nextPageToken),
				Instant.now().plus(this.budget)));
	}

	private <P, T> Mono<List<T>> pages(Call call, Class<P> pageType, Function<P, List<T>> items,
			Function<P, String> nextPageToken) {
		return fetchPage(call, null, pageType)
			.expand((page) -> {
				String next = nextPageToken.apply(page);
				return (next == null || next.isEmpty()) ? Mono.empty() : fetchPage(call, next, pageType);
			})
			.concatMapIterable((page) -> {
				List<T> list = items.apply(page);
				return (list != null) ? list : List.of();
			})
			.collectList();
	}

	private <P> Mono<P> fetchPage(Call call, String pageToken, Class<P> pageType) {
		Map<String, Object> query = new java.util.LinkedHashMap<>(call.query());
		query.put("pageSize", 1000);
		if (pageToken != null) {
			query.put("pageToken", pageToken);
		}
		return call(call.query(query), pageType);
	}

	/**
	 * One attempt, cut at {@code timeout}; {@code deadline} is set when that cut is the call's deadline rather than
	 * the connect + read timeout.
	 */
	private <T> Mono<T> send(Call call, Class<T> type, Duration timeout, Deadline deadline) {
		String clientRequestId = UUID.randomUUID().toString();
		long started = System.nanoTime();
		WebClient.RequestBodySpec request = this.web.method(call.method())
			.uri((builder) -> uri(builder, call))
			.headers((headers) -> {
				headers.setAccept(List.of(MediaType.APPLICATION_JSON));
				headers.set(CLIENT_REQUEST_ID, clientRequestId);
				if (call.authorization() != null) {
					headers.set(HttpHeaders.AUTHORIZATION, call.authorization());
				}
				if (call.idempotencyKey() != null) {
					headers.set(IDEMPOTENCY_KEY, call.idempotencyKey());
				}
				call.headers().forEach(headers::set);
			});
		WebClient.RequestHeadersSpec<?> ready = (call.body() != null)
				? request.contentType(MediaType.APPLICATION_JSON).bodyValue(this.json.writeValueAsBytes(call.body()))
				: request;
		// Bytes both ways, never String: the String codecs log the body at DEBUG (org.springframework.web.HttpLogging),
		// which would print the OAuth token we exchange, the IAM token we get and the API key's secret.
		return ready.exchangeToMono((response) -> response.bodyToMono(byte[].class)
			.map((bytes) -> new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
			.defaultIfEmpty("")
			.map((body) -> read(call, response, body, type, clientRequestId, started)))
			.timeout(timeout)
			.onErrorMap((ex) -> !(ex instanceof CloudException), (ex) -> unreachable(call, ex, clientRequestId, deadline))
			.doOnSuccess((value) -> record(call, "success", started))
			.doOnError((ex) -> record(call, outcome(ex), started));
	}

	/**
	 * One attempt's latency and outcome: {@code success}, the rpc code of an error answer (e.g.
	 * {@code RESOURCE_EXHAUSTED}, {@code UNAVAILABLE}), or {@code unreachable} when no answer came (refused, reset,
	 * timed out). Tags are fixed vocabularies only: no path, id, token or message.
	 */
	private void record(Call call, String outcome, long started) {
		Timer.builder(METRIC)
			.description("Calls to the Yandex Cloud APIs, one per attempt")
			.tag("api", this.apiName)
			.tag("method", call.method().name())
			.tag("outcome", outcome)
			.register(this.meters)
			.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
	}

	private static String outcome(Throwable ex) {
		if (ex instanceof CloudException cloud) {
			return (cloud.httpStatus() == 0) ? "unreachable" : cloud.code().name();
		}
		return "unreachable";
	}

	private URI uri(UriBuilder builder, Call call) {
		builder.path(call.path());
		call.query().forEach((name, value) -> {
			if (value != null) {
				builder.queryParam(name, "{" + name + "}");
			}
		});
		Map<String, Object> values = new java.util.HashMap<>();
		call.query().forEach((name, value) -> {
			if (value != null) {
				values.put(name, value);
			}
		});
		return builder.build(values);
	}

	private <T> T read(Call call, ClientResponse response, String body, Class<T> type, String clientRequestId,
			long started) {
		int status = response.statusCode().value();
		log.debug("{} {} -> {} in {} ms [{}]", this.api, call, status, (System.nanoTime() - started) / 1_000_000,
				clientRequestId);
		if (status >= 200 && status < 300) {
			try {
				return body.isEmpty() ? this.json.readValue("{}", type) : this.json.readValue(body, type);
			}
			catch (JacksonException ex) {
				throw new CloudException(RpcCode.INTERNAL, status, "unreadable " + type.getSimpleName()
						+ " from " + this.api + ": " + redact(ex.getOriginalMessage()), List.of(),
						requestId(response, List.of(), clientRequestId), null);
			}
		}
		throw error(status, body, response, clientRequestId);
	}

	private CloudException error(int status, String body, ClientResponse response, String clientRequestId) {
		RpcCode code = fromHttp(status);
		String message = response.statusCode().toString();
		List<Map<String, Object>> details = List.of();
		try {
			RpcStatus rpc = body.isBlank() ? null : this.json.readValue(body, RpcStatus.class);
			if (rpc != null && rpc.code() != 0) {
				code = RpcCode.ofNumber(rpc.code());
			}
			if (rpc != null && rpc.message() != null && !rpc.message().isBlank()) {
				message = rpc.message();
			}
			if (rpc != null && rpc.details() != null) {
				details = rpc.details();
			}
		}
		catch (JacksonException ex) {
			// not a Status body (a proxy's HTML page, say): the HTTP status tells enough
		}
		CloudException error = CloudException.of(code, status, redact(message), details,
				requestId(response, details, clientRequestId));
		response.headers().header(HttpHeaders.RETRY_AFTER).stream().findFirst().flatMap(CloudHttp::seconds)
			.ifPresent(error::retryAfter);
		return error;
	}

	private CloudException unreachable(Call call, Throwable ex, String clientRequestId, Deadline deadline) {
		String what = !(ex instanceof TimeoutException) ? ex.getClass().getSimpleName()
				: (deadline != null) ? "no answer within the " + deadline.budgetMillis() + " ms budget"
						: "no answer within " + this.attemptTimeout.toMillis() + " ms";
		log.debug("{} {} failed: {} [{}]", this.api, call, what, clientRequestId);
		return new CloudException.UnavailableException(RpcCode.UNAVAILABLE, 0,
				this.api + " unreachable: " + what, List.of(), clientRequestId, ex);
	}

	/** The deadline passed before the call's first attempt: nothing was sent, so there is no request id. */
	private CloudException spent(Call call, Deadline deadline) {
		log.debug("{} {} not sent: the {} ms budget was spent before the call", this.api, call, deadline.budgetMillis());
		return new CloudException.UnavailableException(RpcCode.UNAVAILABLE, 0,
				this.api + " not called: no time left of the action's budget", List.of(), null, null);
	}

	private static String requestId(ClientResponse response, List<Map<String, Object>> details,
			String clientRequestId) {
		Optional<String> header = response.headers().header(REQUEST_ID).stream().findFirst();
		if (header.isPresent()) {
			return header.get();
		}
		for (Map<String, Object> detail : details) {
			if (detail.get("requestId") instanceof String id && !id.isBlank()) {
				return id;
			}
		}
		return clientRequestId;
	}

	static boolean retryable(Throwable ex) {
		return ex instanceof CloudException.UnavailableException
				|| ex instanceof CloudException.ResourceExhaustedException;
	}

	static RpcCode fromHttp(int status) {
		return switch (status) {
			case 400 -> RpcCode.INVALID_ARGUMENT;
			case 401 -> RpcCode.UNAUTHENTICATED;
			case 403 -> RpcCode.PERMISSION_DENIED;
			case 404 -> RpcCode.NOT_FOUND;
			case 409 -> RpcCode.ALREADY_EXISTS;
			case 429 -> RpcCode.RESOURCE_EXHAUSTED;
			case 499 -> RpcCode.CANCELLED;
			case 501 -> RpcCode.UNIMPLEMENTED;
			case 502, 503 -> RpcCode.UNAVAILABLE;
			case 504 -> RpcCode.DEADLINE_EXCEEDED;
			default -> (status >= 500) ? RpcCode.INTERNAL : RpcCode.UNKNOWN;
		};
	}

	static String redact(String message) {
		return (message != null) ? CREDENTIAL.matcher(message).replaceAll("<redacted>") : null;
	}

	private static Optional<Duration> seconds(String value) {
		try {
			return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

}
