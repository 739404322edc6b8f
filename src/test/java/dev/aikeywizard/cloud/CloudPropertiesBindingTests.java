package dev.aikeywizard.cloud;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code app.cloud.*} fails at bind time, with a message that names the property, for values the client can't use. */
class CloudPropertiesBindingTests {

	private static CloudProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("app.cloud",
				CloudProperties.class);
	}

	@Test
	void defaultsBind() {
		CloudProperties properties = bind(Map.of());

		assertThat(properties.endpoints().iam()).isEqualTo(URI.create("https://iam.api.cloud.yandex.net"));
		assertThat(properties.endpoints().llm()).isEqualTo(URI.create("https://llm.api.cloud.yandex.net"));
		assertThat(properties.http().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(properties.http().readTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.retry().maxAttempts()).isEqualTo(4);
		assertThat(properties.operation().deadline()).isEqualTo(Duration.ofSeconds(60));
		assertThat(properties.budget()).isEqualTo(Duration.ofSeconds(20));
	}

	/**
	 * The budget bounds one user action's upstream time, so by default it sits well below nginx's
	 * {@code proxy_read_timeout 90s} (deploy/nginx.conf), and one attempt (connect + read) cannot take all of it.
	 */
	@Test
	void defaultBudgetFitsBelowTheProxyTimeoutAndLeavesRoomForARetry() {
		CloudProperties properties = bind(Map.of());

		Duration attempt = properties.http().connectTimeout().plus(properties.http().readTimeout());
		assertThat(properties.budget()).isLessThanOrEqualTo(Duration.ofSeconds(45));
		assertThat(attempt).isLessThan(properties.budget());
	}

	@Test
	void budgetBinds() {
		assertThat(bind(Map.of("app.cloud.budget", "1500ms")).budget()).isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void zeroOrNegativeBudgetFailsStartupWithAClearMessage() {
		for (String value : new String[] { "0s", "-5s" }) {
			new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class)
				.withPropertyValues("app.cloud.budget=" + value)
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).rootCause()
						.isInstanceOf(IllegalArgumentException.class)
						.hasMessageStartingWith("app.cloud.budget must be a positive duration such as 5s, got ");
				});
		}
	}

	@Test
	void overridesBind() {
		CloudProperties properties = bind(Map.of("app.cloud.endpoints.iam", "http://127.0.0.1:8080/prefix/iam",
				"app.cloud.retry.initial-backoff", "10ms", "app.cloud.http.read-timeout", "300ms"));

		assertThat(properties.endpoints().iam()).isEqualTo(URI.create("http://127.0.0.1:8080/prefix/iam"));
		assertThat(properties.endpoints().billing()).isEqualTo(URI.create("https://billing.api.cloud.yandex.net"));
		assertThat(properties.retry().initialBackoff()).isEqualTo(Duration.ofMillis(10));
		assertThat(properties.http().readTimeout()).isEqualTo(Duration.ofMillis(300));
	}

	@Test
	void endpointWithoutSchemeIsRejectedWithAClearMessage() {
		assertThatThrownBy(() -> bind(Map.of("app.cloud.endpoints.iam", "iam.api.cloud.yandex.net")))
			.isInstanceOf(BindException.class)
			.rootCause()
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("app.cloud.endpoints.iam must be an absolute http(s) URL such as "
					+ "https://iam.api.cloud.yandex.net, got 'iam.api.cloud.yandex.net'");
	}

	@Test
	void endpointWithAnotherSchemeIsRejectedWithAClearMessage() {
		assertThatThrownBy(() -> bind(Map.of("app.cloud.endpoints.resource-manager", "ftp://rm.example.com")))
			.isInstanceOf(BindException.class)
			.rootCause()
			.hasMessageContaining("app.cloud.endpoints.resource-manager must be an absolute http(s) URL")
			.hasMessageContaining("got 'ftp://rm.example.com'");
	}

	@Test
	void zeroDurationIsRejectedWithAClearMessage() {
		assertThatThrownBy(() -> bind(Map.of("app.cloud.retry.initial-backoff", "0s")))
			.isInstanceOf(BindException.class)
			.rootCause()
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("app.cloud.retry.initial-backoff must be a positive duration such as 5s, got PT0S");
	}

	@Test
	void negativeTimeoutIsRejectedWithAClearMessage() {
		assertThatThrownBy(() -> bind(Map.of("app.cloud.http.read-timeout", "-1s")))
			.rootCause()
			.hasMessageContaining("app.cloud.http.read-timeout must be a positive duration");
		assertThatThrownBy(() -> bind(Map.of("app.cloud.operation.deadline", "0ms")))
			.rootCause()
			.hasMessageContaining("app.cloud.operation.deadline must be a positive duration");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(CloudProperties.class)
	static class PropertiesOnly {

	}

	@Test
	void applicationStartupFailsWithTheMessage() {
		new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class)
			.withPropertyValues("app.cloud.endpoints.llm=llm.api.cloud.yandex.net", "app.cloud.http.connect-timeout=0s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("app.cloud.endpoints.llm must be an absolute http(s) URL");
			});
		new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class)
			.withPropertyValues("app.cloud.http.connect-timeout=0s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("app.cloud.http.connect-timeout must be a positive duration"));
	}

	@Test
	void maxAttemptsOutOfRangeFailsValidation() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withUserConfiguration(PropertiesOnly.class)
			.withPropertyValues("app.cloud.retry.max-attempts=0")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("app.cloud.retry.maxAttempts");
			});
	}

}
