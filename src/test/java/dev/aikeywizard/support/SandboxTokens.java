package dev.aikeywizard.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Gets a Yandex Cloud OAuth token from the sandbox the way a person does with {@code yc init}: the Yandex Cloud
 * OAuth client's implicit flow, one persona chosen, the token read off the page.
 */
public final class SandboxTokens {

	public static final String CLOUD_CLIENT_ID = "1a6990aa636648e9b2ef855fa7bec2fb";

	private SandboxTokens() {
	}

	public static String cloudOAuthToken(String baseUrl, String persona) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("response_type", "token");
		form.put("client_id", CLOUD_CLIENT_ID);
		form.put("persona", persona);
		String body = form.entrySet()
			.stream()
			.map((e) -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		try {
			HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/sandbox/oauth/authorize"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
			Matcher input = Pattern.compile("<input[^>]*data-testid=\"cloud-oauth-token\"[^>]*>").matcher(response.body());
			if (!input.find()) {
				throw new IllegalStateException("no token on the page: HTTP " + response.statusCode());
			}
			Matcher value = Pattern.compile("value=\"([^\"]+)\"").matcher(input.group());
			if (!value.find()) {
				throw new IllegalStateException("token field without value");
			}
			return value.group(1);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
