package dev.aikeywizard.cloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * A scripted HTTP server on 127.0.0.1 (port 0): answers each request with the next scripted response, or with a
 * per-request function, and records every request it receives. A request with nothing scripted gets a 599 so a
 * test never passes by accident.
 */
public final class FakeCloudServer implements AutoCloseable {

	/** One recorded request; header names are lower-case. */
	public record Recorded(String method, String path, String query, Map<String, List<String>> headers, String body,
			long receivedNanos) {

		public String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase());
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

		/** The query decoded as RFC 3986 (a literal {@code +} stays a plus, as the client sends {@code %2B} for one). */
		Map<String, String> queryParams() {
			Map<String, String> params = new LinkedHashMap<>();
			if (this.query == null || this.query.isEmpty()) {
				return params;
			}
			for (String pair : this.query.split("&")) {
				int eq = pair.indexOf('=');
				String name = java.net.URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
				String value = (eq < 0) ? ""
						: java.net.URLDecoder.decode(pair.substring(eq + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
				params.put(name, value);
			}
			return params;
		}

	}

	/** A scripted answer; {@code hang} means: accept, read the request, and never answer. */
	public record Reply(int status, Map<String, String> headers, String body, boolean hang) {

		public static Reply json(int status, String body) {
			return new Reply(status, Map.of("Content-Type", "application/json"), body, false);
		}

		public static Reply ok(String body) {
			return json(200, body);
		}

		public static Reply status(int status, String code, String message) {
			return json(status, "{\"code\":" + code + ",\"message\":\"" + message + "\",\"details\":[]}");
		}

		static Reply noAnswer() {
			return new Reply(0, Map.of(), "", true);
		}

		Reply header(String name, String value) {
			Map<String, String> headers = new LinkedHashMap<>(this.headers);
			headers.put(name, value);
			return new Reply(this.status, headers, this.body, this.hang);
		}

	}

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();

	private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());

	private final CountDownLatch closed = new CountDownLatch(1);

	private volatile Function<Recorded, Reply> responder;

	public FakeCloudServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	public URI base() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	URI base(String prefix) {
		return URI.create(base() + prefix);
	}

	public FakeCloudServer enqueue(Reply... replies) {
		this.script.addAll(List.of(replies));
		return this;
	}

	/** Answers every request (when nothing is enqueued) through {@code responder}. */
	public FakeCloudServer respond(Function<Recorded, Reply> responder) {
		this.responder = responder;
		return this;
	}

	public List<Recorded> requests() {
		synchronized (this.requests) {
			return List.copyOf(this.requests);
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String body;
			try (InputStream in = exchange.getRequestBody()) {
				body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			Map<String, List<String>> headers = new LinkedHashMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
			Recorded recorded = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
					exchange.getRequestURI().getRawQuery(), headers, body, System.nanoTime());
			this.requests.add(recorded);
			Reply reply = this.script.poll();
			if (reply == null && this.responder != null) {
				reply = this.responder.apply(recorded);
			}
			if (reply == null) {
				reply = Reply.status(599, "2", "nothing scripted for " + recorded.method() + " " + recorded.path()
						+ " on port " + this.server.getAddress().getPort() + " after " + this.requests.size() + " request(s)");
			}
			if (reply.hang()) {
				try {
					this.closed.await(5, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return;
			}
			reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(reply.status(), (bytes.length == 0) ? -1 : bytes.length);
			if (bytes.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
		}
	}

	@Override
	public void close() {
		this.closed.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	// ---- building the client against a base URL ----

	static CloudProperties properties(URI base, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
			Duration readTimeout, CloudProperties.Polling polling) {
		return properties(base, maxAttempts, initialBackoff, maxBackoff, readTimeout, polling, Duration.ofSeconds(20));
	}

	/** As above, with {@code app.cloud.budget} = {@code budget} (the default is 20 s). */
	static CloudProperties properties(URI base, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
			Duration readTimeout, CloudProperties.Polling polling, Duration budget) {
		return new CloudProperties(new CloudProperties.Endpoints(base, base, base, base, base, base, base),
				new CloudProperties.Http(Duration.ofMillis(300), readTimeout),
				new CloudProperties.Retry(maxAttempts, initialBackoff, maxBackoff), polling, budget);
	}

	/**
	 * Short backoffs; a read timeout of 2 s rather than 300 ms so that a slow moment of a shared, loaded machine
	 * does not turn into a retry (tests of timeouts pass their own 300 ms).
	 */
	static CloudProperties properties(URI base) {
		return properties(base, 3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2),
				new CloudProperties.Polling(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2)));
	}

	/**
	 * The IAM token API against {@code base}, built the way {@link CloudClientConfiguration} builds it, for tests
	 * of other packages (its constructor is the cloud package's own).
	 */
	public static IamTokenApi iamTokenApi(URI base) {
		return apis(properties(base)).iamTokens();
	}

	/** Every API of the client, built the way {@link CloudClientConfiguration} builds them. */
	static CloudClientConfiguration.CloudApis apis(CloudProperties properties) {
		return CloudClientConfiguration.apis(WebClient.builder(), properties,
				new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
	}

	/** The raw host client for {@code base}, for calls with test-only response types. */
	static CloudHttp http(CloudProperties properties, URI base) {
		return CloudClientConfiguration
			.hosts(WebClient.builder(), properties, new io.micrometer.core.instrument.simple.SimpleMeterRegistry())
			.apply("test", base);
	}

}
