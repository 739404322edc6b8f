package dev.aikeywizard.cloud;

import java.util.List;
import java.util.UUID;

import dev.aikeywizard.sandbox.SandboxProbe;
import dev.aikeywizard.sandbox.SandboxWorlds;
import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.SandboxTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Lockbox client against the sandbox's Lockbox over real HTTP (two hosts: secrets and payload): create with its
 * validation, the operation, the payload behind {@code lockbox.payloadViewer}, and {@code lockbox.editor} for create.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "app.sandbox.role-propagation-delay=0s" })
class LockboxSandboxTests {

	static final int PORT = FreePort.find();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
	}

	@Autowired
	IamTokenApi iamTokens;

	@Autowired
	LockboxApi lockbox;

	@Autowired
	OperationApi operations;

	@Autowired
	ResourceManagerApi resourceManager;

	@Autowired
	SandboxWorlds worlds;

	@BeforeEach
	void reset() {
		this.worlds.reset();
	}

	private IamToken tokenFor(String persona) {
		return this.iamTokens.exchangeOAuthToken(SandboxTokens.cloudOAuthToken("http://localhost:" + PORT, persona))
			.block();
	}

	private String folder(String persona) {
		return SandboxProbe.folderIds(this.worlds, persona, "ACTIVE").get(0);
	}

	private static CreateLockboxSecretRequest request(String folderId, String key, String value) {
		return new CreateLockboxSecretRequest(folderId, "test", "",
				List.of(new CreateLockboxSecretRequest.PayloadEntry(key, value)));
	}

	@Test
	void aSecretIsCreatedThroughAnOperationAndItsPayloadReadFromThePayloadHost() {
		IamToken token = tokenFor("ready");
		Operation started = this.lockbox.create(token, request(folder("ready"), "api-key", "AQVN-value"),
				UUID.randomUUID().toString()).block();
		Operation done = this.operations.awaitDone(token, started).block();
		String secretId = LockboxApi.secretId(done);
		assertThat(secretId).isNotBlank().isEqualTo(started.metadataString("secretId").orElseThrow());
		assertThat(this.lockbox.get(token, secretId).block().folderId()).isEqualTo(folder("ready"));
		LockboxPayload payload = this.lockbox.payload(token, secretId).block();
		assertThat(payload.entries()).singleElement().satisfies((entry) -> {
			assertThat(entry.key()).isEqualTo("api-key");
			assertThat(entry.textValue()).isEqualTo("AQVN-value");
		});
		assertThat(payload.toString()).doesNotContain("AQVN-value");
	}

	@Test
	void entryKeysAndValueSizesAreChecked() {
		IamToken token = tokenFor("ready");
		assertThatThrownBy(() -> this.lockbox
			.create(token, request(folder("ready"), "api key!", "v"), UUID.randomUUID().toString())
			.block()).isInstanceOf(CloudException.InvalidArgumentException.class).hasMessageContaining("key");
		assertThatThrownBy(() -> this.lockbox
			.create(token, request(folder("ready"), "api-key", "x".repeat(65537)), UUID.randomUUID().toString())
			.block()).isInstanceOf(CloudException.InvalidArgumentException.class).hasMessageContaining("65536");
	}

	@Test
	void createNeedsLockboxEditorAndThePayloadNeedsLockboxPayloadViewer() {
		IamToken token = tokenFor("nolockbox");
		String folderId = folder("nolockbox");
		assertThatThrownBy(() -> this.lockbox
			.create(token, request(folderId, "api-key", "v"), UUID.randomUUID().toString())
			.block()).isInstanceOf(CloudException.PermissionDeniedException.class)
			.hasMessageContaining("lockbox.editor");
		String userId = SandboxProbe.userIds().get("nolockbox");
		grant(token, folderId, "lockbox.editor", userId);
		Operation done = this.operations
			.awaitDone(token, this.lockbox.create(token, request(folderId, "api-key", "v"), UUID.randomUUID().toString())
				.block())
			.block();
		String secretId = LockboxApi.secretId(done);
		assertThatThrownBy(() -> this.lockbox.payload(token, secretId).block())
			.isInstanceOf(CloudException.PermissionDeniedException.class)
			.hasMessageContaining("lockbox.payloadViewer");
		grant(token, folderId, "lockbox.payloadViewer", userId);
		assertThat(this.lockbox.payload(token, secretId).block().entries()).hasSize(1);
	}

	private void grant(IamToken token, String folderId, String role, String userId) {
		Operation op = this.resourceManager.updateFolderAccessBindings(token, folderId,
				List.of(AccessBindingDelta.add(role, new AccessBinding.Subject(userId, "userAccount"))),
				UUID.randomUUID().toString()).block();
		this.operations.awaitDone(token, op).block();
	}

}
