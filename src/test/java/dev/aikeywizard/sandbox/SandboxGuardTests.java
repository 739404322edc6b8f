package dev.aikeywizard.sandbox;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.aikeywizard.Application;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The sandbox never starts next to real settings and listens on loopback unless told otherwise. Each case starts the
 * real application with the given environment variables and arguments, up to the point where its environment is
 * ready (no server, no beans): that is where a deployment's settings are all known and where the check runs.
 */
@ExtendWith(OutputCaptureExtension.class)
class SandboxGuardTests {

	/** Looks like a client id from oauth.yandex.ru (32 hex digits); not a real one. */
	static final String REAL_LOOKING_CLIENT_ID = "3f9c0b1e5a7d4c2e8b6a0f1d2c3e4a5b";

	static final String REAL_LOOKING_SECRET = "9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a";

	@Test
	void noFlagsServesTheSandboxOnLoopbackWithTheBadge() {
		ConfigurableEnvironment environment = prepare(Map.of());
		assertThat(environment.getProperty("app.sandbox.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
		assertThat(environment.getProperty("app.sandbox.badge")).isEqualTo("true");
	}

	@Test
	void redisProfileWithARealClientIdInTheEnvironmentRefusesToStart() {
		assertThatExceptionOfType(SandboxGuardException.class)
			.isThrownBy(() -> prepare(Map.of("YANDEX_CLIENT_ID", REAL_LOOKING_CLIENT_ID, "YANDEX_CLIENT_SECRET",
					REAL_LOOKING_SECRET), "--spring.profiles.active=redis"))
			.withMessageContaining("YANDEX_CLIENT_ID is set")
			.withMessageContaining("YANDEX_CLIENT_SECRET is set")
			.withMessageNotContaining(REAL_LOOKING_CLIENT_ID)
			.withMessageNotContaining(REAL_LOOKING_SECRET);
	}

	@Test
	void theRefusalIsExplainedInBootsStartUpReport(CapturedOutput output) {
		assertThatExceptionOfType(SandboxGuardException.class).isThrownBy(
				() -> prepare(Map.of("YANDEX_CLIENT_ID", REAL_LOOKING_CLIENT_ID), "--spring.profiles.active=redis"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("YANDEX_CLIENT_ID is set")
			.contains("activate the profile yandex")
			.doesNotContain(REAL_LOOKING_CLIENT_ID);
	}

	@Test
	void yandexProfileWithARealClientIdStartsWithoutTheSandboxOrItsBadge() {
		ConfigurableEnvironment environment = prepare(
				Map.of("YANDEX_CLIENT_ID", REAL_LOOKING_CLIENT_ID, "YANDEX_CLIENT_SECRET", REAL_LOOKING_SECRET),
				"--spring.profiles.active=yandex,redis");
		assertThat(environment.getProperty("app.sandbox.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("server.address")).isNull();
		assertThat(environment.getProperty("app.sandbox.badge")).isEqualTo("false");
	}

	@Test
	void aClientIdSetThroughSpringsOwnSettingRefusesAndSaysWhereItCameFrom() {
		assertThatExceptionOfType(SandboxGuardException.class)
			.isThrownBy(() -> prepare(
					Map.of("SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_YANDEX_CLIENTID", REAL_LOOKING_CLIENT_ID)))
			.withMessageContaining("spring.security.oauth2.client.registration.yandex.client-id is not the "
					+ "sandbox's client id 'sandbox-client'")
			.withMessageContaining("SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_YANDEX_CLIENTID");
	}

	@Test
	void aCloudEndpointOnAnotherHostRefuses() {
		assertThatExceptionOfType(SandboxGuardException.class)
			.isThrownBy(() -> prepare(Map.of("APP_CLOUD_ENDPOINTS_IAM", "https://iam.api.cloud.yandex.net")))
			.withMessageContaining("app.cloud.endpoints.iam points at iam.api.cloud.yandex.net")
			.withMessageContaining("APP_CLOUD_ENDPOINTS_IAM");
	}

	@Test
	void yandexIdUrisOnAnotherHostRefuse() {
		assertThatExceptionOfType(SandboxGuardException.class)
			.isThrownBy(() -> prepare(Map.of(),
					"--spring.security.oauth2.client.provider.yandex.token-uri=https://oauth.yandex.ru/token",
					"--spring.security.oauth2.client.provider.yandex.authorization-uri=https://oauth.yandex.ru/authorize"))
			.withMessageContaining("spring.security.oauth2.client.provider.yandex.token-uri points at oauth.yandex.ru")
			.withMessageContaining(
					"spring.security.oauth2.client.provider.yandex.authorization-uri points at oauth.yandex.ru");
	}

	@Test
	void endpointsOnLoopbackBelongToALoopbackSandbox() {
		// As UpstreamFaultsIT does: a fault-injecting proxy on 127.0.0.1 in front of the sandbox on localhost.
		ConfigurableEnvironment environment = prepare(Map.of(),
				"--app.cloud.endpoints.iam=http://127.0.0.1:9999/sandbox/iam", "--server.port=8123");
		assertThat(environment.getProperty("app.cloud.endpoints.iam")).isEqualTo("http://127.0.0.1:9999/sandbox/iam");
	}

	@Test
	void aNonLoopbackAddressRefusesWithoutAllowRemote() {
		assertThatExceptionOfType(SandboxGuardException.class)
			.isThrownBy(() -> prepare(Map.of("SERVER_ADDRESS", "0.0.0.0")))
			.withMessageContaining("server.address is 0.0.0.0")
			.withMessageContaining("app.sandbox.allow-remote=true");
	}

	@Test
	void allowRemoteLeavesTheAddressAlone() {
		assertThat(prepare(Map.of(), "--server.address=0.0.0.0", "--app.sandbox.allow-remote=true")
			.getProperty("server.address")).isEqualTo("0.0.0.0");
		assertThat(prepare(Map.of("APP_SANDBOX_ALLOW_REMOTE", "true")).getProperty("server.address")).isNull();
	}

	@Test
	void theComposeSandboxContainerStarts() {
		// docker-compose.yml's "sandbox" service: default profile, reached by the replicas as http://sandbox:8080.
		ConfigurableEnvironment environment = prepare(
				Map.of("APP_SANDBOX_BASE_URL", "http://sandbox:8080", "APP_SANDBOX_ALLOW_REMOTE", "true"));
		assertThat(environment.getProperty("app.cloud.endpoints.iam")).isEqualTo("http://sandbox:8080/sandbox/iam");
		assertThat(environment.getProperty("server.address")).isNull();
		assertThat(environment.getProperty("app.sandbox.badge")).isEqualTo("true");
	}

	@Test
	void aComposeReplicaServesNoSandboxYetShowsTheBadge() {
		// docker-compose.yml's replicas: the sandbox off, every endpoint at the sandbox container.
		ConfigurableEnvironment environment = prepare(Map.of("SPRING_PROFILES_ACTIVE", "redis", "APP_SANDBOX_ENABLED",
				"false", "APP_SANDBOX_BASE_URL", "http://sandbox:8080", "APP_SANDBOX_PUBLIC_URL",
				"http://localhost:8080"));
		assertThat(environment.getProperty("app.sandbox.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("server.address")).isNull();
		assertThat(environment.getProperty("app.sandbox.badge")).isEqualTo("true");
	}

	@Test
	void anExplicitBadgeSettingWins() {
		assertThat(prepare(Map.of("APP_SANDBOX_BADGE", "false")).getProperty("app.sandbox.badge")).isEqualTo("false");
	}

	@Test
	void loopbackIsRecognisedByNameAndLiteralOnly() {
		assertThat(SandboxGuard.isLoopback("localhost")).isTrue();
		assertThat(SandboxGuard.isLoopback("127.0.0.1")).isTrue();
		assertThat(SandboxGuard.isLoopback("127.1.2.3")).isTrue();
		assertThat(SandboxGuard.isLoopback("[::1]")).isTrue();
		assertThat(SandboxGuard.isLoopback("0.0.0.0")).isFalse();
		assertThat(SandboxGuard.isLoopback("127.example.com")).isFalse();
		assertThat(SandboxGuard.isLoopback("localhost.example.com")).isFalse();
	}

	/**
	 * Runs the application with exactly these environment variables (the real ones are left out) and arguments, and
	 * stops it once its environment is prepared, before any context or server exists.
	 */
	static ConfigurableEnvironment prepare(Map<String, Object> variables, String... args) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(variables)));
		SpringApplication application = new SpringApplication(Application.class);
		application.setEnvironment(environment);
		AtomicReference<ConfigurableEnvironment> prepared = new AtomicReference<>();
		SpringApplicationRunListener stopWhenPrepared = new SpringApplicationRunListener() {
			@Override
			public void environmentPrepared(ConfigurableBootstrapContext bootstrapContext,
					ConfigurableEnvironment ready) {
				prepared.set(ready);
				throw new SpringApplication.AbandonedRunException();
			}
		};
		try {
			SpringApplication.withHook((app) -> stopWhenPrepared, () -> application.run(args));
		}
		catch (SpringApplication.AbandonedRunException ex) {
			// Expected: stopped once prepared.
		}
		assertThat(prepared.get()).as("environment prepared").isNotNull();
		return prepared.get();
	}

}
