package dev.aikeywizard.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code app.sandbox.*}: switches and knobs of the emulator.
 *
 * @param enabled whether the emulator is served at all
 * @param baseUrl where the application's server reaches the emulator (used by the application's own configuration)
 * @param publicUrl where the browser reaches the emulator's pages (defaults to {@code baseUrl})
 * @param clientId the registered Yandex ID client of the application
 * @param clientSecret its secret
 * @param refuseOauthExchange when true, IAM refuses every OAuth token issued to a client other than Yandex Cloud's
 * @param operationPolls how many polls of an Operation it takes to finish (the flaky persona needs at least 4)
 * @param maxPageSize cap on every list's page size, so tests can force many pages
 * @param rolePropagationDelay how long a new role binding takes to become effective for Foundation Models calls
 * @param slowDelay the delay added to the emulator's work on every call of the slow persona (with a {@code latency}
 * too, such a call is answered after the longer of the two)
 * @param retryAfter the wait the flaky persona's rate limit asks for ({@code Retry-After}, whole seconds)
 * @param maxEntries the most authorization codes, OAuth tokens, refresh tokens and IAM tokens kept (each), and
 * Idempotency-Keys per persona; beyond it the oldest is dropped, so anonymous requests cannot grow memory without end
 * @param idempotencyRetention how long an Idempotency-Key, and the answer kept for its replay (an API key's secret
 * among them), is remembered; the reference gives no lifetime, so 1 hour is a guess that outlasts a wizard session
 * @param redirectUris the redirect URIs registered for {@code clientId}, matched as {@link SandboxRedirectUris}
 * describes; unset, the application's callback at {@code publicUrl} (else {@code baseUrl}) and on each loopback host
 * @param latency how long after its arrival every emulated API call (cloud APIs, Yandex ID token and user info) is
 * answered, for every persona (0: at once); the emulator's own work is done within it, not added to it (one place:
 * {@link SandboxLatency})
 * @param operationDuration how long after its creation an Operation is done at the earliest, in wall-clock time (0:
 * only {@code operationPolls} counts), counted from when the call that created it is answered at the earliest (its
 * arrival plus {@code latency}); both conditions must hold
 * @param operatorKeyFile where the sandbox writes the authorized key of the organisation's operator service account
 * at start-up (for portal mode on the sandbox, see {@link SandboxOperatorKey}); unset, none is written
 */
@ConfigurationProperties("app.sandbox")
public record SandboxProperties(@DefaultValue("false") boolean enabled, String baseUrl, String publicUrl,
		@DefaultValue("sandbox-client") String clientId, @DefaultValue("sandbox-secret") String clientSecret,
		@DefaultValue("false") boolean refuseOauthExchange, @DefaultValue("1") int operationPolls,
		@DefaultValue("100") int maxPageSize, @DefaultValue("2s") Duration rolePropagationDelay,
		@DefaultValue("1s") Duration slowDelay, @DefaultValue("1s") Duration retryAfter,
		@DefaultValue("10000") int maxEntries, @DefaultValue("1h") Duration idempotencyRetention,
		List<String> redirectUris, @DefaultValue("0ms") Duration latency,
		@DefaultValue("0ms") Duration operationDuration, Path operatorKeyFile) {

	/** Yandex Cloud's own OAuth client (implicit flow only), the one {@code yc init} uses. */
	public static final String CLOUD_CLIENT_ID = "1a6990aa636648e9b2ef855fa7bec2fb";

	public SandboxProperties {
		if (redirectUris == null || redirectUris.isEmpty()) {
			redirectUris = defaultRedirectUris((publicUrl != null) ? publicUrl : baseUrl);
		}
		redirectUris = List.copyOf(redirectUris);
	}

	private static List<String> defaultRedirectUris(String browserFacingUrl) {
		List<String> uris = new ArrayList<>();
		if (browserFacingUrl != null && !browserFacingUrl.isBlank()) {
			uris.add(browserFacingUrl.replaceAll("/+$", "") + SandboxRedirectUris.CALLBACK_PATH);
		}
		uris.addAll(SandboxRedirectUris.loopbackCallbacks());
		return uris;
	}

}
