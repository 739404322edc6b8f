package dev.aikeywizard.cloud;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
 * The typed client against the running sandbox over real HTTP, for every call the product makes: success, each
 * error class, retry then success, idempotent replay and pagination (pages of 2).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "app.sandbox.max-page-size=2", "app.sandbox.operation-polls=2",
				"app.sandbox.role-propagation-delay=1s", "app.cloud.retry.initial-backoff=50ms",
				"app.cloud.retry.max-backoff=1500ms", "app.cloud.retry.max-attempts=5" })
class CloudClientSandboxTests {

	static final int PORT = FreePort.find();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
	}

	@Autowired
	IamTokenApi iamTokens;

	@Autowired
	BillingApi billing;

	@Autowired
	ResourceManagerApi resourceManager;

	@Autowired
	ServiceAccountApi serviceAccounts;

	@Autowired
	ApiKeyApi apiKeys;

	@Autowired
	OperationApi operations;

	@Autowired
	FoundationModelsApi foundationModels;

	@Autowired
	SandboxWorlds worlds;

	@BeforeEach
	void reset() {
		this.worlds.reset();
	}

	private IamToken tokenFor(String persona) {
		String oauth = SandboxTokens.cloudOAuthToken("http://localhost:" + PORT, persona);
		IamToken token = this.iamTokens.exchangeOAuthToken(oauth).block();
		assertThat(token.expiresAt()).isAfter(Instant.now().plus(Duration.ofHours(1)));
		assertThat(token.toString()).doesNotContain(token.value());
		return token;
	}

	private Folder activeFolder(IamToken token) {
		Cloud cloud = this.resourceManager.listClouds(token).block().get(0);
		return this.resourceManager.listFolders(token, cloud.id())
			.block()
			.stream()
			.filter(Folder::isActive)
			.findFirst()
			.orElseThrow();
	}

	@Test
	void theApiKeyScopeCatalogueComesBackWholeThroughPagesOfTwo() {
		List<String> scopes = this.apiKeys.listScopes(tokenFor("ready")).block();
		assertThat(scopes).hasSize(20)
			.doesNotHaveDuplicates()
			.contains("yc.ai.languageModels.execute", "yc.ai.speechkitStt.execute", "yc.ai.speechkitTts.execute",
					"yc.ai.translate.execute", "yc.ai.vision.execute", "yc.ai.foundationModels.execute");
	}

	@Test
	void billingAccountsWithTheCloudsTheyPayFor() {
		IamToken token = tokenFor("ready");
		List<BillingAccount> accounts = this.billing.listBillingAccounts(token).block();
		assertThat(accounts).isNotEmpty();
		assertThat(accounts.get(0).active()).isTrue();
		List<BillableObjectBinding> bindings = this.billing.listBillableObjectBindings(token, accounts.get(0).id())
			.block();
		Cloud cloud = this.resourceManager.listClouds(token).block().get(0);
		assertThat(bindings).anySatisfy((binding) -> {
			assertThat(binding.billableObject().type()).isEqualTo("cloud");
			assertThat(binding.billableObject().id()).isEqualTo(cloud.id());
		});
		assertThat(this.billing.listBillingAccounts(tokenFor("nobilling")).block())
			.allSatisfy((account) -> assertThat(account.active()).isFalse());
	}

	@Test
	void foldersAreReadPageByPageToTheEnd() {
		IamToken token = tokenFor("ready");
		Cloud cloud = this.resourceManager.listClouds(token).block().get(0);
		List<Folder> folders = this.resourceManager.listFolders(token, cloud.id()).block();
		// three folders, pages of two: the second page must have been fetched
		assertThat(folders).hasSizeGreaterThanOrEqualTo(3);
		assertThat(folders).extracting(Folder::status).contains("ACTIVE", "PENDING_DELETION");
		Folder one = this.resourceManager.getFolder(token, folders.get(0).id()).block();
		assertThat(one.cloudId()).isEqualTo(cloud.id());
	}

	@Test
	void serviceAccountBindingAndKeyFromStartToVerifiedCall() {
		IamToken token = tokenFor("ready");
		Folder folder = activeFolder(token);
		String name = "sa-contract-" + (System.nanoTime() % 100000);
		Operation created = this.serviceAccounts
			.create(token, new CreateServiceAccountRequest(folder.id(), name, "contract test"), UUID.randomUUID().toString())
			.block();
		assertThat(created.done()).isFalse();
		assertThat(created.metadata()).containsEntry("@type", "type.googleapis.com/yandex.cloud.iam.v1.CreateServiceAccountMetadata");
		Operation done = this.operations.awaitDone(token, created).block();
		assertThat(done.done()).isTrue();
		assertThat(done.response()).containsEntry("@type", "type.googleapis.com/yandex.cloud.iam.v1.ServiceAccount");
		String saId = done.metadataString("serviceAccountId").orElseThrow();
		assertThat(this.serviceAccounts.get(token, saId).block().name()).isEqualTo(name);
		assertThat(this.serviceAccounts.list(token, folder.id()).block()).extracting(ServiceAccount::id).contains(saId);

		Operation granted = this.resourceManager.updateFolderAccessBindings(token, folder.id(),
				List.of(AccessBindingDelta.add("ai.languageModels.user", AccessBinding.Subject.serviceAccount(saId))),
				UUID.randomUUID().toString())
			.block();
		this.operations.awaitDone(token, granted).block();
		assertThat(this.resourceManager.listFolderAccessBindings(token, folder.id()).block())
			.anySatisfy((binding) -> {
				assertThat(binding.roleId()).isEqualTo("ai.languageModels.user");
				assertThat(binding.subject().id()).isEqualTo(saId);
			});

		CreatedApiKey key = this.apiKeys.create(token, new CreateApiKeyRequest(saId, "contract",
				List.of("yc.ai.languageModels.execute"), Instant.now().plus(Duration.ofDays(1))), UUID.randomUUID().toString())
			.block();
		assertThat(key.secret()).isNotBlank();
		assertThat(key.toString()).doesNotContain(key.secret());
		assertThat(key.apiKey().scopes()).containsExactly("yc.ai.languageModels.execute");
		assertThat(this.apiKeys.list(token, saId).block()).extracting(ApiKey::id).containsExactly(key.apiKey().id());

		// the role needs a moment to propagate: PERMISSION_DENIED first, then success
		String modelUri = "gpt://" + folder.id() + "/yandexgpt-lite/latest";
		FoundationModelsApi.TokenizeResult tokens = null;
		for (int attempt = 0; attempt < 20 && tokens == null; attempt++) {
			try {
				tokens = this.foundationModels.tokenizeWithApiKey(key.secret(), folder.id(), modelUri, "Hello").block();
			}
			catch (CloudException.PermissionDeniedException ex) {
				sleep(250);
			}
		}
		assertThat(tokens).isNotNull();
		assertThat(tokens.tokens()).isNotEmpty();

		Operation deletedKey = this.apiKeys.delete(token, key.apiKey().id(), UUID.randomUUID().toString()).block();
		this.operations.awaitDone(token, deletedKey).block();
		assertThat(this.apiKeys.list(token, saId).block()).isEmpty();
		assertThatThrownBy(() -> this.foundationModels.tokenizeWithApiKey(key.secret(), folder.id(), modelUri, "x").block())
			.isInstanceOf(CloudException.UnauthenticatedException.class)
			.hasMessageNotContaining(key.secret());
		Operation deleted = this.serviceAccounts.delete(token, saId, UUID.randomUUID().toString()).block();
		this.operations.awaitDone(token, deleted).block();
		assertThatThrownBy(() -> this.serviceAccounts.get(token, saId).block())
			.isInstanceOf(CloudException.NotFoundException.class);
	}

	@Test
	void eachErrorClassIsTyped() {
		IamToken ready = tokenFor("ready");
		Folder folder = activeFolder(ready);
		String name = "sa-dup-" + (System.nanoTime() % 100000);
		this.operations.awaitDone(ready, this.serviceAccounts
			.create(ready, new CreateServiceAccountRequest(folder.id(), name, ""), UUID.randomUUID().toString())
			.block()).block();
		assertThatThrownBy(() -> this.serviceAccounts
			.create(ready, new CreateServiceAccountRequest(folder.id(), name, ""), UUID.randomUUID().toString())
			.block()).isInstanceOfSatisfying(CloudException.AlreadyExistsException.class, (ex) -> {
				assertThat(ex.httpStatus()).isEqualTo(409);
				assertThat(ex.requestId()).isNotBlank();
			});
		assertThatThrownBy(() -> this.serviceAccounts
			.create(ready, new CreateServiceAccountRequest(folder.id(), "Bad_Name", ""), UUID.randomUUID().toString())
			.block()).isInstanceOf(CloudException.InvalidArgumentException.class);
		assertThatThrownBy(() -> this.resourceManager.getFolder(ready, "b1gnosuchfolder00000").block())
			.isInstanceOf(CloudException.NotFoundException.class);
		IamToken viewer = tokenFor("viewer");
		Folder viewerFolder = activeFolder(viewer);
		assertThatThrownBy(() -> this.serviceAccounts
			.create(viewer, new CreateServiceAccountRequest(viewerFolder.id(), "sa-viewer", ""), UUID.randomUUID().toString())
			.block()).isInstanceOfSatisfying(CloudException.PermissionDeniedException.class,
					(ex) -> assertThat(ex.httpStatus()).isEqualTo(403));
		IamToken forged = new IamToken("t1.not-a-real-token", Instant.now().plusSeconds(600));
		assertThatThrownBy(() -> this.resourceManager.listClouds(forged).block())
			.isInstanceOf(CloudException.UnauthenticatedException.class)
			.hasMessageNotContaining("t1.not-a-real-token");
		assertThatThrownBy(() -> this.iamTokens.exchangeOAuthToken("y0_forged").block())
			.isInstanceOf(CloudException.UnauthenticatedException.class)
			.hasMessageNotContaining("y0_forged");
	}

	@Test
	void flakyUpstreamIsRetriedWithTheSameIdempotencyKeyAndCreatesOneAccount() {
		IamToken token = tokenFor("flaky");
		Folder folder = activeFolder(token);
		String key = UUID.randomUUID().toString();
		// the sandbox applies the first create, then answers 503: only a replay with the same key avoids a duplicate
		Operation created = this.serviceAccounts
			.create(token, new CreateServiceAccountRequest(folder.id(), "sa-flaky", ""), key)
			.block();
		Operation done = this.operations.awaitDone(token, created).block();
		String saId = done.metadataString("serviceAccountId").orElseThrow();
		assertThat(this.serviceAccounts.list(token, folder.id()).block())
			.filteredOn((sa) -> sa.name().equals("sa-flaky"))
			.extracting(ServiceAccount::id)
			.containsExactly(saId);
		// a replay by the caller with the same key returns the same operation, not a second account
		Operation replay = this.serviceAccounts
			.create(token, new CreateServiceAccountRequest(folder.id(), "sa-flaky", ""), key)
			.block();
		assertThat(replay.id()).isEqualTo(created.id());
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
