package dev.aikeywizard.cloud;

import java.util.UUID;

import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.SandboxTokens;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An operation the sandbox keeps running past the poller's deadline: the error names the operation. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "app.sandbox.operation-polls=1000", "app.cloud.operation.deadline=1500ms",
				"app.cloud.operation.initial-interval=50ms", "app.cloud.operation.max-interval=200ms" })
class OperationDeadlineSandboxTests {

	static final int PORT = FreePort.find();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
	}

	@Autowired
	IamTokenApi iamTokens;

	@Autowired
	ResourceManagerApi resourceManager;

	@Autowired
	ServiceAccountApi serviceAccounts;

	@Autowired
	OperationApi operations;

	@Test
	void aStuckOperationEndsAtTheDeadlineWithItsId() {
		IamToken token = this.iamTokens
			.exchangeOAuthToken(SandboxTokens.cloudOAuthToken("http://localhost:" + PORT, "ready"))
			.block();
		Cloud cloud = this.resourceManager.listClouds(token).block().get(0);
		Folder folder = this.resourceManager.listFolders(token, cloud.id()).block().stream().filter(Folder::isActive)
			.findFirst().orElseThrow();
		Operation created = this.serviceAccounts
			.create(token, new CreateServiceAccountRequest(folder.id(), "sa-stuck", ""), UUID.randomUUID().toString())
			.block();
		long started = System.nanoTime();
		assertThatThrownBy(() -> this.operations.awaitDone(token, created).block())
			.isInstanceOfSatisfying(CloudException.OperationTimeoutException.class,
					(ex) -> assertThat(ex.operationId()).isEqualTo(created.id()))
			.hasMessageContaining(created.id());
		assertThat(System.nanoTime() - started).isLessThan(10_000_000_000L);
	}

}
