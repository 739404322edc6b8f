package dev.aikeywizard.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Walks the wizard over plain HTTP the way a browser with htmx does (cookies, CSRF tokens, htmx headers, redirects
 * followed by hand), and keeps every exchange so tests can search all responses for secrets. One instance is one
 * browser session; several threads may send through it at once (a double submit).
 */
public final class WizardHttpClient {

	private static final Pattern HIDDEN = Pattern.compile(
			"<input type=\"hidden\"[^>]*?name=\"([^\"]+)\"[^>]*?value=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

	private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");


	private final String base;

	private final HttpClient http;

	private final CookieManager cookies;

	private final List<Exchange> exchanges = java.util.Collections.synchronizedList(new ArrayList<>());

	private Consumer<Exchange> listener = (exchange) -> {
	};

	public WizardHttpClient(String base) {
		this.base = base;
		this.cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
		this.http = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	private WizardHttpClient(String base, WizardHttpClient same) {
		this.base = base;
		this.http = same.http;
		this.cookies = same.cookies;
		this.listener = same.listener;
	}

	/**
	 * The same browser (same cookies, so the same session) talking to another address, e.g. a second instance
	 * behind a load balancer. Exchanges are recorded separately.
	 */
	public WizardHttpClient at(String otherBase) {
		return new WizardHttpClient(otherBase, this);
	}

	/** One request and its response, as the browser saw them. */
	public record Exchange(String method, String uri, String requestBody, int status,
			Map<String, List<String>> headers, String body, long elapsedNanos) {

		public String location() {
			return this.headers.getOrDefault("location", List.of("")).get(0);
		}

		public String headersAsText() {
			return this.headers.toString();
		}

	}

	/**
	 * The {@code Cookie} header this browser would send to {@code url} (e.g. the session cookie, for another client
	 * that must act in the same session); empty when it holds none for that address.
	 */
	public String cookieHeader(String url) {
		URI target = URI.create(url.startsWith("http") ? url : this.base + url);
		return this.cookies.getCookieStore()
			.get(target)
			.stream()
			.map((cookie) -> cookie.getName() + "=" + cookie.getValue())
			.collect(Collectors.joining("; "));
	}

	public List<Exchange> exchanges() {
		return this.exchanges;
	}

	public WizardHttpClient onExchange(Consumer<Exchange> listener) {
		this.listener = listener;
		return this;
	}

	public Exchange get(String url, Map<String, String> headers) {
		return send("GET", url, null, headers);
	}

	public Exchange get(String url) {
		return get(url, Map.of());
	}

	public Exchange post(String url, Map<String, String> form, Map<String, String> headers) {
		return send("POST", url, encode(form), headers);
	}

	/** A form POST with parameters in the given order, repeats allowed ({@code name=value} pairs). */
	public Exchange postPairs(String url, List<Map.Entry<String, String>> pairs, Map<String, String> headers) {
		return send("POST", url, pairs.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&")), headers);
	}

	/** A POST with a body of another content type (the header is given in {@code headers}). */
	public Exchange postBody(String url, String contentType, String body, Map<String, String> headers) {
		Map<String, String> all = new LinkedHashMap<>(headers);
		all.put("Content-Type", contentType);
		return send("POST", url, body, all);
	}

	/** Follows redirects from {@code first} and returns the last response. */
	public Exchange follow(Exchange first) {
		Exchange current = first;
		for (int i = 0; i < 10 && current.status() / 100 == 3; i++) {
			current = get(resolve(current.uri(), current.location()));
		}
		return current;
	}

	/** Yandex ID sign-in through the sandbox, one persona; returns the first wizard page. */
	public Exchange signIn(String persona, boolean refuseExchange) {
		return choosePersona(openSignIn(), persona, refuseExchange);
	}

	/** "Sign in with Yandex ID": the sandbox's authorize page, where a persona is chosen. */
	public Exchange openSignIn() {
		return follow(get("/oauth2/authorization/yandex"));
	}

	/** The click on {@code persona} on the authorize page, followed to the page the wizard lands on. */
	public Exchange choosePersona(Exchange authorize, String persona, boolean refuseExchange) {
		Map<String, String> form = hiddenInputs(authorize.body());
		form.put("persona", persona);
		if (refuseExchange) {
			form.put("refuse_exchange", "true");
		}
		return follow(post(resolve(authorize.uri(), "/sandbox/oauth/authorize"), form, Map.of()));
	}

	/**
	 * Follows redirects; when they end on the sandbox's Yandex ID authorize page (sign-in needed again, e.g. on an
	 * instance that does not hold this user's token), clicks {@code persona} there and follows on.
	 */
	public Exchange followSigningIn(Exchange first, String persona) {
		Exchange page = follow(first);
		if (page.status() == 200 && URI.create(page.uri()).getPath().equals("/sandbox/oauth/authorize")) {
			Map<String, String> form = hiddenInputs(page.body());
			form.put("persona", persona);
			page = follow(post(resolve(page.uri(), "/sandbox/oauth/authorize"), form, Map.of()));
		}
		return page;
	}

	/**
	 * The express path from the cloud step: "Create with recommended settings", then the polls htmx makes, until the
	 * result page. Returns the response that carries the secret (or the last one, if it never came).
	 */
	public Exchange express(Duration patience) {
		Exchange cloud = follow(get("/wizard/cloud"));
		String cloudId = selected(cloud.body(), "cloudId").orElseThrow(() -> new IllegalStateException(
				"no cloud to choose: " + cloud.status()));
		String folderId = selected(cloud.body(), "folderId").orElseThrow();
		Exchange page = follow(post("/wizard/express", Map.of("cloudId", cloudId, "folderId", folderId,
				"_csrf", csrf(cloud.body())), Map.of()));
		return untilKey(page, patience);
	}

	/**
	 * From a page of the express path, the polls htmx makes while it shows progress, until the result page. Returns
	 * the response that carries the secret (or the last one, if it never came).
	 */
	public Exchange untilKey(Exchange first, Duration patience) {
		Exchange page = first;
		long deadline = System.nanoTime() + patience.toNanos();
		while (secret(page.body()).isEmpty() && page.body().contains("data-testid=\"progress\"")
				&& System.nanoTime() < deadline) {
			sleep(pollDelay(page.body()));
			page = follow(post("/wizard/progress", Map.of("_csrf", csrf(page.body())),
					Map.of("HX-Request", "true", "HX-Current-URL", this.base + "/wizard/progress")));
			if (page.body().contains("csrf-token") || page.status() >= 400) {
				continue;
			}
		}
		return page;
	}

	/**
	 * The step-by-step path from the cloud step: folder, a new service account, ai.languageModels.user, the
	 * matching scope with an expiry 30 days ahead. Returns the response that carries the secret (or the last one).
	 */
	public Exchange stepByStep(String serviceAccountName, Duration patience) {
		Exchange cloud = follow(get("/wizard/cloud"));
		String cloudId = selected(cloud.body(), "cloudId").orElseThrow(() -> new IllegalStateException(
				"no cloud to choose: " + cloud.status()));
		String folderId = selected(cloud.body(), "folderId").orElseThrow();
		Exchange account = follow(post("/wizard/cloud", Map.of("cloudId", cloudId, "folderId", folderId, "_csrf",
				csrf(cloud.body())), Map.of()));
		Exchange roles = settle(follow(post("/wizard/service-account", Map.of("name", serviceAccountName,
				"description", "made by a test", "_csrf", csrf(account.body())), Map.of())), patience);
		Exchange scope = settle(follow(post("/wizard/roles", Map.of("roles", "ai.languageModels.user", "_csrf",
				csrf(roles.body())), Map.of())), patience);
		return follow(post("/wizard/key", Map.of("scopes", "yc.ai.languageModels.execute", "expiresOn",
				java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(30).toString(), "description",
				"step by step", "_csrf", csrf(scope.body())), Map.of()));
	}

	/** Re-reads the progress page (as a refresh does) until the operation in flight is done. */
	public Exchange settle(Exchange page, Duration patience) {
		long deadline = System.nanoTime() + patience.toNanos();
		Exchange current = page;
		while (current.body().contains("data-testid=\"progress\"") && System.nanoTime() < deadline) {
			sleep(300);
			current = follow(get("/wizard/progress"));
		}
		return current;
	}

	/** "Connect your cloud" with a pasted token; returns the page the wizard goes on to. */
	public Exchange connect(String kind, String token) {
		Exchange page = follow(get("/wizard/connect"));
		return follow(post("/wizard/connect", Map.of("kind", kind, "token", token, "_csrf", csrf(page.body())),
				Map.of()));
	}

	/** Posts the verification until it is no longer pending; returns the final state. */
	public String verify(String secret, String csrf, Duration patience) {
		long deadline = System.nanoTime() + patience.toNanos();
		String state = "pending";
		while ("pending".equals(state) && System.nanoTime() < deadline) {
			Exchange answer = post("/wizard/verify", Map.of("secret", secret),
					Map.of("HX-Request", "true", "X-CSRF-TOKEN", csrf));
			Matcher matcher = Pattern.compile("data-state=\"([a-z]+)\"").matcher(answer.body());
			state = matcher.find() ? matcher.group(1) : "failure";
			if ("pending".equals(state)) {
				sleep(500);
			}
		}
		return state;
	}

	/**
	 * The outcome of the new key's check as a browser sees it: the key page checks the key before it goes out, so a
	 * key that worked at once is shown {@code success} (no request); while it is {@code pending} the page checks again
	 * ({@link #verify}).
	 */
	public String verified(String keyPage, Duration patience) {
		Matcher shown = Pattern.compile("data-testid=\"verify\"[^>]*data-state=\"([a-z_]+)\"|data-state=\"([a-z_]+)\"[^>]*data-testid=\"verify\"")
			.matcher(keyPage);
		String state = shown.find() ? ((shown.group(1) != null) ? shown.group(1) : shown.group(2)) : "pending";
		if (!"pending".equals(state)) {
			return state;
		}
		return verify(secret(keyPage).orElseThrow(), csrf(keyPage), patience);
	}

	/** The wait the progress page asks htmx for before its next poll ({@code hx-trigger="load delay:Nms"}). */
	public static long pollDelay(String html) {
		Matcher matcher = Pattern.compile("hx-trigger=\"load delay:(\\d+)ms\"").matcher(html);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : 300;
	}

	public static Optional<String> secret(String html) {
		Matcher matcher = Pattern.compile("<input[^>]*data-testid=\"secret\"[^>]*>").matcher(html);
		if (!matcher.find()) {
			return Optional.empty();
		}
		Matcher value = Pattern.compile("value=\"([^\"]+)\"").matcher(matcher.group());
		return value.find() ? Optional.of(value.group(1)) : Optional.empty();
	}

	public static String csrf(String html) {
		Matcher matcher = CSRF.matcher(html);
		if (matcher.find()) {
			return matcher.group(1);
		}
		Matcher hidden = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
		return hidden.find() ? hidden.group(1) : "";
	}

	/** The selected (or first) option of a select. */
	public static Optional<String> selected(String html, String selectId) {
		Matcher select = Pattern.compile("(?s)<select id=\"" + selectId + "\".*?</select>").matcher(html);
		if (!select.find()) {
			return Optional.empty();
		}
		String options = select.group();
		Matcher chosen = Pattern.compile("<option value=\"([^\"]+)\"[^>]*selected").matcher(options);
		if (chosen.find()) {
			return Optional.of(chosen.group(1));
		}
		Matcher first = Pattern.compile("<option value=\"([^\"]+)\"(?![^>]*disabled)").matcher(options);
		return first.find() ? Optional.of(first.group(1)) : Optional.empty();
	}

	public static Map<String, String> hiddenInputs(String html) {
		Map<String, String> inputs = new LinkedHashMap<>();
		Matcher matcher = HIDDEN.matcher(html);
		while (matcher.find()) {
			inputs.put(matcher.group(1), unescape(matcher.group(2)));
		}
		return inputs;
	}

	/**
	 * What one response cost on the wire: the size of its status line and headers and of its body as sent (still
	 * compressed when it came with a Content-Encoding). The exchange holds the decoded body, for the assertions.
	 */
	public record Transfer(Exchange exchange, long headerBytes, long bodyBytes) {

		public long total() {
			return this.headerBytes + this.bodyBytes;
		}

		public String header(String name) {
			return String.join(", ", this.exchange.headers().getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
		}

	}

	/**
	 * A GET (or, with {@code form}, a form POST) that keeps count of the bytes transferred, for requests sent with
	 * {@code Accept-Encoding}: the body is decoded here (gzip) for the recorded exchange, the count is of the bytes
	 * that came.
	 */
	public Transfer measure(String url, Map<String, String> form, Map<String, String> headers) {
		String target = url.startsWith("http") ? url : this.base + url;
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(90));
		headers.forEach(request::header);
		String body = (form != null) ? encode(form) : null;
		if (body != null) {
			request.header("Content-Type", "application/x-www-form-urlencoded");
			request.POST(HttpRequest.BodyPublishers.ofString(body));
		}
		long start = System.nanoTime();
		try {
			HttpResponse<byte[]> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			byte[] raw = response.body();
			String encoding = response.headers().firstValue("content-encoding").orElse("");
			byte[] decoded = encoding.equalsIgnoreCase("gzip")
					? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(raw)).readAllBytes() : raw;
			Exchange exchange = new Exchange((body != null) ? "POST" : "GET", target, body, response.statusCode(),
					response.headers().map(), new String(decoded, StandardCharsets.UTF_8), System.nanoTime() - start);
			this.exchanges.add(exchange);
			this.listener.accept(exchange);
			// HTTP/1.1 on the wire: "HTTP/1.1 200 \r\n", "name: value\r\n" per header, "\r\n"
			long headerBytes = 15 + 2;
			for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
				if (!header.getKey().startsWith(":")) {
					for (String value : header.getValue()) {
						headerBytes += header.getKey().length() + 2 + value.getBytes(StandardCharsets.UTF_8).length + 2;
					}
				}
			}
			return new Transfer(exchange, headerBytes, raw.length);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private Exchange send(String method, String url, String body, Map<String, String> headers) {
		String target = url.startsWith("http") ? url : this.base + url;
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(90));
		headers.forEach(request::header);
		if (body != null) {
			if (!headers.containsKey("Content-Type")) {
				request.header("Content-Type", "application/x-www-form-urlencoded");
			}
			request.method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		long start = System.nanoTime();
		try {
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			Exchange exchange = new Exchange(method, target, body, response.statusCode(), response.headers().map(),
					response.body(), System.nanoTime() - start);
			this.exchanges.add(exchange);
			this.listener.accept(exchange);
			return exchange;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String resolve(String from, String location) {
		return URI.create(from).resolve(location).toString();
	}

	private static String encode(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	private static String unescape(String html) {
		return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
			.replace("&gt;", ">");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
