package dev.aikeywizard.portal;

import java.nio.file.Path;
import java.time.Clock;

import dev.aikeywizard.cloud.ApiKeyApi;
import dev.aikeywizard.cloud.IamTokenApi;
import dev.aikeywizard.cloud.ResourceManagerApi;
import dev.aikeywizard.cloud.ServiceAccountApi;
import dev.aikeywizard.wizard.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The operator's credentials exist only with {@code app.portal.enabled=true}, and then a missing or broken key file
 * stops the context from starting with the message that names the file and the problem.
 */
class OperatorCredentialsConfigurationTests {

	@TempDir
	Path dir;

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(PortalConfiguration.class)
		.withBean(IamTokenApi.class, () -> mock(IamTokenApi.class))
		.withBean(ServiceAccountApi.class, () -> mock(ServiceAccountApi.class))
		.withBean(ApiKeyApi.class, () -> mock(ApiKeyApi.class))
		.withBean(ResourceManagerApi.class, () -> mock(ResourceManagerApi.class))
		.withBean(Upstream.class, () -> mock(Upstream.class))
		.withBean(Clock.class, Clock::systemUTC);

	@Test
	void noCredentialsWithoutPortalMode() {
		this.contexts.withPropertyValues("app.portal.service-account-key-file=" + this.dir.resolve("nowhere.json"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(OperatorCredentials.class));
		this.contexts.withPropertyValues("app.portal.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(OperatorCredentials.class));
	}

	@Test
	void credentialsFromTheKeyFileInPortalMode() {
		Path file = OperatorKeyFiles.write(this.dir);
		this.contexts.withPropertyValues("app.portal.enabled=true", "app.portal.service-account-key-file=" + file)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(OperatorCredentials.class);
				assertThat(context.getBean(PortalProperties.class).serviceAccountKeyFile()).isEqualTo(file);
			});
	}

	@Test
	void aMissingKeyFileStopsStartUpWithAClearMessage() {
		Path file = this.dir.resolve("nowhere.json");
		this.contexts.withPropertyValues("app.portal.enabled=true", "app.portal.service-account-key-file=" + file)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(java.nio.file.NoSuchFileException.class);
				assertThat(context.getStartupFailure()).hasMessageContaining(file.toAbsolutePath().toString())
					.hasMessageContaining("app.portal.service-account-key-file")
					.hasMessageContaining("does not exist");
				OperatorKeyFileTests.assertNoPartOfTheKey(context.getStartupFailure());
			});
	}

	@Test
	void aBrokenKeyFileStopsStartUpWithoutPrintingTheKey() {
		var fields = OperatorKeyFiles.fields();
		fields.put("private_key", OperatorKeyFiles.privateKeyPem().replace("-----END PRIVATE KEY-----", ""));
		Path file = OperatorKeyFiles.write(this.dir, fields);
		this.contexts.withPropertyValues("app.portal.enabled=true", "app.portal.service-account-key-file=" + file)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessageContaining(file.toAbsolutePath().toString())
					.hasMessageContaining("no -----END PRIVATE KEY----- line");
				OperatorKeyFileTests.assertNoPartOfTheKey(context.getStartupFailure());
			});
	}

	@Test
	void portalModeWithoutAKeyFileStopsStartUp() {
		this.contexts.withPropertyValues("app.portal.enabled=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("app.portal.service-account-key-file is not set"));
	}

}
