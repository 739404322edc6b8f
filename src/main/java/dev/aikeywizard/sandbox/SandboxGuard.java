package dev.aikeywizard.sandbox;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Keeps the sandbox from running by accident next to real settings. The sandbox is on unless the profile
 * {@code yandex} is active, so a deployment that forgot that profile (e.g. {@code SPRING_PROFILES_ACTIVE=redis}) would
 * otherwise let anyone sign in as a demo user. With {@code app.sandbox.enabled=true}, before any bean exists:
 * <ul>
 * <li>start-up fails ({@link SandboxGuardException}, explained by {@link SandboxGuardFailureAnalyzer}) when a real
 * Yandex ID client is configured (a client id other than {@code app.sandbox.client-id}, or the variables
 * {@code YANDEX_CLIENT_ID}/{@code YANDEX_CLIENT_SECRET} set at all), or when a cloud endpoint or a Yandex ID URI
 * points at a host that is not the sandbox's own ({@code app.sandbox.base-url}, {@code app.sandbox.public-url});</li>
 * <li>the server listens on loopback only ({@code server.address=127.0.0.1}) unless
 * {@code app.sandbox.allow-remote=true}; an explicit non-loopback {@code server.address} without it fails start-up.</li>
 * </ul>
 * It also decides {@code app.sandbox.badge} when that is not set: the pages show a "Sandbox" badge whenever users
 * sign in at a sandbox, whether this instance serves it or another one does (the replicas of docker-compose.yml run
 * with the sandbox off and the sandbox's client id). The client id is the fact to go by: a sandbox accepts only its
 * own, and real Yandex ID never accepts it.
 * <p>
 * It reads only the environment, so it sees what environment variables, command-line arguments and configuration
 * files say (not what a test adds later with {@code @DynamicPropertySource}).
 */
class SandboxGuard implements EnvironmentPostProcessor, Ordered {

	static final String ENABLED = "app.sandbox.enabled";

	static final String ALLOW_REMOTE = "app.sandbox.allow-remote";

	static final String BADGE = "app.sandbox.badge";

	static final String SERVER_ADDRESS = "server.address";

	static final String CLIENT_ID = "spring.security.oauth2.client.registration.yandex.client-id";

	/** The sandbox's own client id, when {@code app.sandbox.client-id} does not name another. */
	static final String SANDBOX_CLIENT_ID = "sandbox-client";

	/** Read only by the {@code yandex} profile: set at all, they mean real credentials are meant to be used. */
	static final List<String> REAL_CREDENTIAL_VARIABLES = List.of("YANDEX_CLIENT_ID", "YANDEX_CLIENT_SECRET");

	/** Every address the application's server or the user's browser is sent to for Yandex ID or Yandex Cloud. */
	static final List<String> ENDPOINTS = List.of("spring.security.oauth2.client.provider.yandex.authorization-uri",
			"spring.security.oauth2.client.provider.yandex.token-uri",
			"spring.security.oauth2.client.provider.yandex.user-info-uri", "app.cloud.endpoints.iam",
			"app.cloud.endpoints.resource-manager", "app.cloud.endpoints.billing", "app.cloud.endpoints.operation",
			"app.cloud.endpoints.llm", "app.cloud.endpoints.lockbox", "app.cloud.endpoints.lockbox-payload");

	static final String LOOPBACK = "127.0.0.1";

	private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

	private final Log log;

	SandboxGuard(DeferredLogFactory logs) {
		this.log = logs.getLog(SandboxGuard.class);
	}

	@Override
	public int getOrder() {
		// After every other post-processor: the configuration files, SPRING_APPLICATION_JSON and the environment
		// variables must all be in.
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		boolean enabled = environment.getProperty(ENABLED, Boolean.class, false);
		String sandboxClientId = environment.getProperty("app.sandbox.client-id", SANDBOX_CLIENT_ID);
		if (enabled) {
			List<String> problems = new ArrayList<>();
			realCredentials(environment, sandboxClientId, problems);
			foreignEndpoints(environment, problems);
			listenAddress(environment, defaults, problems);
			if (!problems.isEmpty()) {
				throw new SandboxGuardException(problems);
			}
			if (defaults.containsKey(SERVER_ADDRESS)) {
				this.log.info("The sandbox is on: listening on " + LOOPBACK + " only (" + ALLOW_REMOTE
						+ "=true to serve other machines)");
			}
		}
		if (!environment.containsProperty(BADGE)) {
			defaults.put(BADGE, enabled || sandboxClientId.equals(resolve(environment, CLIENT_ID)));
		}
		environment.getPropertySources().addLast(new MapPropertySource("sandboxGuard", defaults));
	}

	private static void realCredentials(ConfigurableEnvironment environment, String sandboxClientId,
			List<String> problems) {
		for (String variable : REAL_CREDENTIAL_VARIABLES) {
			if (StringUtils.hasText(environment.getProperty(variable))) {
				problems.add(variable + " is set: real Yandex ID credentials are meant for the profile yandex, "
						+ "never for the sandbox.");
			}
		}
		String clientId = resolve(environment, CLIENT_ID);
		if (clientId != null && !clientId.equals(sandboxClientId)) {
			problems.add(CLIENT_ID + " is not the sandbox's client id '" + sandboxClientId + "'" + origin(environment,
					CLIENT_ID) + ": that is a real Yandex ID client.");
		}
	}

	private static void foreignEndpoints(ConfigurableEnvironment environment, List<String> problems) {
		Set<String> sandboxHosts = new LinkedHashSet<>();
		for (String url : List.of("app.sandbox.base-url", "app.sandbox.public-url")) {
			String host = host(resolve(environment, url));
			if (host != null) {
				sandboxHosts.add(host);
			}
		}
		for (String name : ENDPOINTS) {
			String host = host(resolve(environment, name));
			if (host != null && !isSandboxHost(host, sandboxHosts)) {
				problems.add(name + " points at " + host + origin(environment, name)
						+ ", not at the sandbox (app.sandbox.base-url, app.sandbox.public-url: " + sandboxHosts + ").");
			}
		}
	}

	private static void listenAddress(ConfigurableEnvironment environment, Map<String, Object> defaults,
			List<String> problems) {
		if (environment.getProperty(ALLOW_REMOTE, Boolean.class, false)) {
			return;
		}
		String address = environment.getProperty(SERVER_ADDRESS);
		if (!StringUtils.hasText(address)) {
			defaults.put(SERVER_ADDRESS, LOOPBACK);
		}
		else if (!isLoopback(address.trim().toLowerCase(Locale.ROOT))) {
			problems.add(SERVER_ADDRESS + " is " + address + origin(environment, SERVER_ADDRESS)
					+ ", but the sandbox lets anyone sign in as a demo user, so it listens on loopback only unless "
					+ ALLOW_REMOTE + "=true.");
		}
	}

	static boolean isSandboxHost(String host, Set<String> sandboxHosts) {
		return sandboxHosts.contains(host)
				|| (isLoopback(host) && sandboxHosts.stream().anyMatch(SandboxGuard::isLoopback));
	}

	/** Loopback by its name or literal, never by a DNS lookup. */
	static boolean isLoopback(String host) {
		String bare = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		return bare.equals("localhost") || bare.endsWith(".localhost") || IPV4_LOOPBACK.matcher(bare).matches()
				|| bare.equals("::1") || bare.equals("0:0:0:0:0:0:0:1");
	}

	/** A setting's value, or null when a placeholder in it cannot be resolved (its binding reports that). */
	private static String resolve(ConfigurableEnvironment environment, String name) {
		try {
			return environment.getProperty(name);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static String host(String url) {
		if (!StringUtils.hasText(url)) {
			return null;
		}
		try {
			String host = URI.create(url.trim()).getHost();
			return (host != null) ? host.toLowerCase(Locale.ROOT) : null;
		}
		catch (IllegalArgumentException ex) {
			// Not a URL: the binding of that setting reports it (CloudProperties, Spring Security).
			return null;
		}
	}

	/** Where a setting came from, e.g. {@code System Environment Property "APP_CLOUD_ENDPOINTS_IAM"}. */
	private static String origin(ConfigurableEnvironment environment, String name) {
		ConfigurationPropertyName key = ConfigurationPropertyName.of(name);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(key);
			if (property != null) {
				return (property.getOrigin() != null) ? " (from " + property.getOrigin() + ")" : "";
			}
		}
		return "";
	}

}
