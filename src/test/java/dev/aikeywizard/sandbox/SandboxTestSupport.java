package dev.aikeywizard.sandbox;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Boots the whole application on a random port and talks to the sandbox over real HTTP with the JDK client, the
 * way any outside client would. Lists are capped at 2 items per page and operations need 2 polls, so paging and
 * polling are always exercised.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "app.sandbox.enabled=true", "app.sandbox.operation-polls=2", "app.sandbox.max-page-size=2",
				"app.sandbox.role-propagation-delay=1500ms", "app.sandbox.slow-delay=300ms" })
abstract class SandboxTestSupport {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-sandbox-test";

	final HttpClient http = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@LocalServerPort
	int port;

	@Autowired
	SandboxWorlds worlds;

	@BeforeEach
	void resetWorlds() {
		this.worlds.reset();
	}

	record Resp(int status, String body, HttpHeaders headers) {

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

	}

	String url(String path) {
		return "http://localhost:" + this.port + path;
	}

	Resp send(String method, String path, String authorization, String body, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20));
		if (authorization != null) {
			builder.header("Authorization", authorization);
		}
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		if (body != null) {
			builder.header("Content-Type", "application/json");
			builder.method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		else {
			builder.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return exchange(builder.build());
	}

	Resp get(String path, String iamToken) {
		return send("GET", path, bearer(iamToken), null);
	}

	Resp post(String path, String iamToken, String body, String... headers) {
		return send("POST", path, bearer(iamToken), body, headers);
	}

	Resp form(String path, Map<String, String> form, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path)))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encode(form)));
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		return exchange(builder.build());
	}

	private Resp exchange(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Resp(response.statusCode(), response.body(), response.headers());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String bearer(String token) {
		return (token != null) ? "Bearer " + token : null;
	}

	static String encode(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	static String s256(String verifier) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

	static String query(String location, String name) {
		String query = URI.create(location).getRawQuery();
		for (String pair : query.split("&")) {
			String[] kv = pair.split("=", 2);
			if (kv[0].equals(name)) {
				return java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
			}
		}
		return null;
	}

	// ---- Yandex ID ----

	Map<String, String> authorizeParams(String challenge) {
		Map<String, String> params = new LinkedHashMap<>();
		params.put("response_type", "code");
		params.put("client_id", "sandbox-client");
		params.put("redirect_uri", "http://localhost:8080/login/oauth2/code/yandex");
		params.put("scope", "login:info login:email");
		params.put("state", "st-" + UUID.randomUUID());
		if (challenge != null) {
			params.put("code_challenge", challenge);
			params.put("code_challenge_method", "S256");
		}
		return params;
	}

	/** Clicks the persona's button on the authorize page; returns the code from the redirect. */
	String authorizationCode(String persona, boolean refuseExchange) throws Exception {
		Map<String, String> params = authorizeParams(s256(VERIFIER));
		params.put("persona", persona);
		if (refuseExchange) {
			params.put("refuse_exchange", "true");
		}
		Resp resp = form("/sandbox/oauth/authorize", params);
		assertThat(resp.status()).isEqualTo(302);
		String location = resp.header("Location");
		assertThat(location).startsWith("http://localhost:8080/login/oauth2/code/yandex?");
		assertThat(query(location, "state")).isEqualTo(params.get("state"));
		return query(location, "code");
	}

	Map<String, String> tokenForm(String code, String verifier) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", code);
		form.put("redirect_uri", "http://localhost:8080/login/oauth2/code/yandex");
		if (verifier != null) {
			form.put("code_verifier", verifier);
		}
		form.put("client_id", "sandbox-client");
		form.put("client_secret", "sandbox-secret");
		return form;
	}

	String oauthToken(String persona, boolean refuseExchange) throws Exception {
		Resp resp = form("/sandbox/oauth/token", tokenForm(authorizationCode(persona, refuseExchange), VERIFIER));
		assertThat(resp.status()).as(resp.body()).isEqualTo(200);
		return resp.json().get("access_token").asString();
	}

	String iamToken(String persona) throws Exception {
		Resp resp = send("POST", "/sandbox/iam/iam/v1/tokens", null,
				"{\"yandexPassportOauthToken\":\"" + oauthToken(persona, false) + "\"}");
		assertThat(resp.status()).as(resp.body()).isEqualTo(200);
		return resp.json().get("iamToken").asString();
	}

	// ---- cloud helpers (retrying 429 and 503 like a well-behaved client) ----

	Resp retrying(String method, String path, String iamToken, String body, String idempotencyKey) {
		for (int attempt = 0; attempt < 8; attempt++) {
			Resp resp = (idempotencyKey != null)
					? send(method, path, bearer(iamToken), body, "Idempotency-Key", idempotencyKey)
					: send(method, path, bearer(iamToken), body);
			if (resp.status() != 429 && resp.status() != 503) {
				return resp;
			}
		}
		fail("still failing after retries: " + path);
		return null;
	}

	/** Every item of a paged list, following nextPageToken. */
	List<JsonNode> listAll(String path, String field, String iamToken) {
		List<JsonNode> items = new ArrayList<>();
		String token = null;
		do {
			String sep = path.contains("?") ? "&" : "?";
			Resp resp = retrying("GET", path + ((token != null) ? sep + "pageToken=" + token : ""), iamToken, null,
					null);
			assertThat(resp.status()).as(resp.body()).isEqualTo(200);
			JsonNode json = resp.json();
			json.path(field).forEach(items::add);
			token = json.path("nextPageToken").isMissingNode() ? null : json.get("nextPageToken").asString();
			if (token != null && token.isEmpty()) {
				token = null;
			}
		}
		while (token != null);
		return items;
	}

	String cloudId(String iamToken) {
		return listAll("/sandbox/resource-manager/resource-manager/v1/clouds", "clouds", iamToken).get(0)
			.get("id")
			.asString();
	}

	String folderId(String iamToken, String name) {
		return listAll("/sandbox/resource-manager/resource-manager/v1/folders?cloudId=" + cloudId(iamToken), "folders",
				iamToken)
			.stream()
			.filter((f) -> f.get("name").asString().equals(name))
			.findFirst()
			.orElseThrow()
			.get("id")
			.asString();
	}

	JsonNode awaitOperation(String iamToken, JsonNode operation) {
		JsonNode op = operation;
		for (int polls = 0; polls < 10 && !op.path("done").asBoolean(false); polls++) {
			Resp resp = retrying("GET", "/sandbox/operation/operations/" + op.get("id").asString(), iamToken, null,
					null);
			assertThat(resp.status()).as(resp.body()).isEqualTo(200);
			op = resp.json();
		}
		assertThat(op.path("done").asBoolean(false)).as("operation finished").isTrue();
		return op;
	}

	String createServiceAccount(String iamToken, String folderId, String name) {
		Resp resp = retrying("POST", "/sandbox/iam/iam/v1/serviceAccounts", iamToken,
				"{\"folderId\":\"" + folderId + "\",\"name\":\"" + name + "\"}", UUID.randomUUID().toString());
		assertThat(resp.status()).as(resp.body()).isEqualTo(200);
		return awaitOperation(iamToken, resp.json()).get("response").get("id").asString();
	}

	void grant(String iamToken, String folderId, String saId, String role) {
		String body = "{\"accessBindingDeltas\":[{\"action\":\"ADD\",\"accessBinding\":{\"roleId\":\"" + role
				+ "\",\"subject\":{\"id\":\"" + saId + "\",\"type\":\"serviceAccount\"}}}]}";
		Resp resp = retrying("POST",
				"/sandbox/resource-manager/resource-manager/v1/folders/" + folderId + ":updateAccessBindings",
				iamToken, body, UUID.randomUUID().toString());
		assertThat(resp.status()).as(resp.body()).isEqualTo(200);
		awaitOperation(iamToken, resp.json());
	}

	JsonNode createApiKey(String iamToken, String body) {
		Resp resp = retrying("POST", "/sandbox/iam/iam/v1/apiKeys", iamToken, body, UUID.randomUUID().toString());
		assertThat(resp.status()).as(resp.body()).isEqualTo(200);
		return resp.json();
	}

	static void assertStatus(Resp resp, int http, int code, String messagePart) {
		assertThat(resp.status()).as(resp.body()).isEqualTo(http);
		JsonNode json = resp.json();
		assertThat(json.get("code").asInt()).isEqualTo(code);
		assertThat(json.get("message").asString()).contains(messagePart);
		assertThat(json.get("details").get(0).get("@type").asString())
			.isEqualTo("type.googleapis.com/google.rpc.RequestInfo");
		assertThat(json.get("details").get(0).get("requestId").asString()).isEqualTo(resp.header("x-request-id"));
	}

}
