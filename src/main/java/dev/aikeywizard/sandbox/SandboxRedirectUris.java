package dev.aikeywizard.sandbox;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The redirect URIs registered for the application's Yandex ID client: the authorize endpoint hands a code only to
 * one of them and refuses any other with an error page, never a redirect (RFC 6749 §3.1.2.4, §4.1.2.1), so the
 * sandbox is no open redirect that gives a demo user's code to a foreign host.
 * <p>
 * A redirect URI matches a registered one when scheme and host (both case-insensitive), port (the scheme's default
 * when absent), path and query are the same, with no fragment and no user info: simple comparison, as RFC 6749
 * §3.1.2.3 asks. One exception: a registered URI on a loopback host ({@code localhost}, {@code 127.0.0.1},
 * {@code [::1]}) matches at any port, as RFC 8252 §7.3 has it for native apps. The application's callback is
 * {@code {baseUrl}/login/oauth2/code/yandex}, where {@code baseUrl} is whatever the browser used to reach the app:
 * in tests a random port that a separately started sandbox cannot know, behind the docker-compose proxy nginx's
 * port. A code sent to a loopback address goes back to the browser's own machine, never to another host.
 * <p>
 * The default ({@link SandboxProperties#redirectUris()}) is the callback at {@code app.sandbox.public-url} (where the
 * browser reaches the sandbox, which is where it reaches the app when both sit behind one host name) plus the
 * callback on each loopback host. On a shared host, list exactly the app's callback instead.
 */
final class SandboxRedirectUris {

	/** The path of the application's callback for the registration {@code yandex} (Spring Security's default). */
	static final String CALLBACK_PATH = "/login/oauth2/code/yandex";

	private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

	private final List<URI> registered;

	SandboxRedirectUris(List<String> registered) {
		this.registered = registered.stream().map(SandboxRedirectUris::registered).toList();
	}

	/** The callback on each loopback host, any port. */
	static List<String> loopbackCallbacks() {
		return List.of("http://localhost" + CALLBACK_PATH, "http://127.0.0.1" + CALLBACK_PATH,
				"http://[::1]" + CALLBACK_PATH);
	}

	/** Whether the authorize endpoint may send a code to this redirect URI. */
	boolean allows(String redirectUri) {
		URI candidate = parse(redirectUri);
		return candidate != null && this.registered.stream().anyMatch((uri) -> matches(uri, candidate));
	}

	private static boolean matches(URI registered, URI candidate) {
		return registered.getScheme().equalsIgnoreCase(candidate.getScheme())
				&& registered.getHost().equalsIgnoreCase(candidate.getHost())
				&& (isLoopback(registered) || port(registered) == port(candidate))
				&& Objects.equals(registered.getRawPath(), candidate.getRawPath())
				&& Objects.equals(registered.getRawQuery(), candidate.getRawQuery());
	}

	private static boolean isLoopback(URI uri) {
		return LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	/** An absolute http(s) URL with a host and neither user info nor fragment, or null. */
	private static URI parse(String value) {
		if (value == null) {
			return null;
		}
		try {
			URI uri = new URI(value);
			boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
			if (!http || uri.isOpaque() || uri.getHost() == null || uri.getRawUserInfo() != null
					|| uri.getRawFragment() != null) {
				return null;
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static URI registered(String value) {
		URI uri = parse(value);
		if (uri == null) {
			throw new IllegalArgumentException("app.sandbox.redirect-uris: '" + value
					+ "' is not an absolute http(s) URL with a host and without user info or fragment");
		}
		return uri;
	}

}
