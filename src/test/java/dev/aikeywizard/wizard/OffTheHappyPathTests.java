package dev.aikeywizard.wizard;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.aikeywizard.cloud.ApiKey;
import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.CreateApiKeyRequest;
import dev.aikeywizard.cloud.CreateServiceAccountRequest;
import dev.aikeywizard.cloud.CreatedApiKey;
import dev.aikeywizard.cloud.Folder;
import dev.aikeywizard.cloud.RpcCode;
import dev.aikeywizard.cloud.ServiceAccount;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import reactor.core.publisher.Mono;

import org.springframework.mock.web.MockHttpSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The wizard off its happy path, over HTTP with mocked cloud APIs: each test is one of the defects issue 7 lists,
 * and failed on the code before the run was made explicit.
 */
class OffTheHappyPathTests extends WizardSliceTestSupport {

	static final String FOLDER_B = "b1gfolderb0000000001";

	private static ServiceAccount account(String id, String folder, String name) {
		return new ServiceAccount(id, folder, name, "", Instant.now(), "ACTIVE");
	}

	/** An account the wizard made for {@link #user()} earlier: it carries the wizard's labels. */
	private static ServiceAccount ownAccount(String id, String folder, String name) {
		return new ServiceAccount(id, folder, name, "", Instant.now(), "ACTIVE",
				Map.of("created-by", "ai-key-wizard", "owner-uid", USER_ID));
	}

	private static CloudException.AlreadyExistsException nameTaken(String name) {
		return new CloudException.AlreadyExistsException(RpcCode.ALREADY_EXISTS, 409,
				"Service account with name " + name + " already exists", List.of(), "req-409");
	}

	private static CreatedApiKey key(String id, String secret) {
		return new CreatedApiKey(new ApiKey(id, SA, "d", List.of("yc.ai.languageModels.execute"), Instant.now(), null,
				"****" + secret.substring(secret.length() - 4)), secret);
	}

	private String suggested() {
		return "ai-ivan-petrov-" + LocalDate.now(java.time.ZoneOffset.UTC)
			.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
	}

	// 1. another folder chosen while an operation runs

	@Test
	void aServiceAccountCreatedWhileTheUserChoseAnotherFolderIsNotApplied() throws Exception {
		stateAt(Step.SERVICE_ACCOUNT);
		given(this.serviceAccounts.create(eq(TOKEN), any(), anyString()))
			.willReturn(Mono.just(operation("op1", false, Map.of("serviceAccountId", SA), null)));
		this.mvc.perform(post("/wizard/service-account").session(this.session).with(user()).with(csrf())
				.param("name", "sa-api"))
			.andExpect(redirectedUrl("/wizard/progress"));
		given(this.resourceManager.getFolder(TOKEN, FOLDER_B))
			.willReturn(Mono.just(new Folder(FOLDER_B, CLOUD, "other", "", "ACTIVE", Instant.now())));
		this.mvc.perform(post("/wizard/cloud").session(this.session).with(user()).with(csrf())
				.param("cloudId", CLOUD).param("folderId", FOLDER_B))
			.andExpect(redirectedUrl("/wizard/service-account"))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
				.attributeExists("abandoned"));
		given(this.operations.get(TOKEN, "op1")).willReturn(Mono.just(operation("op1", true,
				Map.of("serviceAccountId", SA), Map.of("id", SA, "name", "sa-api"))));
		this.mvc.perform(post("/wizard/progress").session(this.session).with(user()).with(csrf()))
			.andExpect(redirectedUrl("/wizard/service-account"));
		assertThat(run().folderId()).isEqualTo(FOLDER_B);
		assertThat(run().serviceAccountId()).as("the account made in the old folder").isNull();
		assertThat(run().pending()).isNull();
	}

	@Test
	void anotherNameWhileACreationRunsIsCreatedAndTheOldWaitEndsVisibly() throws Exception {
		stateAt(Step.SERVICE_ACCOUNT);
		given(this.serviceAccounts.create(eq(TOKEN), any(), anyString()))
			.willReturn(Mono.just(operation("op-a", false, Map.of(), null)),
					Mono.just(operation("op-b", false, Map.of(), null)));
		this.mvc.perform(post("/wizard/service-account").session(this.session).with(user()).with(csrf())
				.param("name", "sa-a"))
			.andExpect(redirectedUrl("/wizard/progress"));
		// the same form again: a double submit, nothing new
		this.mvc.perform(post("/wizard/service-account").session(this.session).with(user()).with(csrf())
				.param("name", "sa-a"))
			.andExpect(redirectedUrl("/wizard/progress"));
		// another name: the user's latest choice wins, and the page says the old operation is no longer awaited
		this.mvc.perform(post("/wizard/service-account").session(this.session).with(user()).with(csrf())
				.param("name", "sa-b"))
			.andExpect(redirectedUrl("/wizard/progress"))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
				.attributeExists("abandoned"));
		verify(this.serviceAccounts, times(2)).create(eq(TOKEN), any(), anyString());
		assertThat(run().pending().operationId()).isEqualTo("op-b");
		assertThat(run().pending().serviceAccountName()).isEqualTo("sa-b");
	}

	@Test
	void aKeyFormPostedWhileAnOperationRunsIsRefusedVisibly() throws Exception {
		WizardRun run = stateAt(Step.SCOPE);
		run.rolesGranting("op-roles", Set.of(FoundationRole.LANGUAGE_MODELS_USER), Instant.now(),
				Duration.ofMinutes(2));
		this.mvc.perform(post("/wizard/key").session(this.session).with(user()).with(csrf())
				.param("scopes", "yc.ai.languageModels.execute"))
			.andExpect(status().isConflict())
			.andExpect(content().string(containsString("Nothing was changed")));
		verify(this.apiKeys, never()).create(any(), any(), any());
	}

	// 2. a failed express attempt leaves nothing that later skips the roles and scope steps

	@Test
	void aManualStepAfterAFailedExpressNeverIssuesADefaultKey() throws Exception {
		stateAt(Step.CLOUD);
		givenTheDefaultFolder();
		given(this.serviceAccounts.list(TOKEN, FOLDER)).willReturn(Mono.just(List.of()));
		given(this.serviceAccounts.create(eq(TOKEN), any(), anyString()))
			.willReturn(Mono.error(new CloudException.PermissionDeniedException(RpcCode.PERMISSION_DENIED, 403, "no",
					List.of(), "req-403")));
		this.mvc.perform(post("/wizard/express").session(this.session).with(user()).with(csrf())
				.param("cloudId", CLOUD).param("folderId", FOLDER))
			.andExpect(status().isForbidden());
		// the user gives up on express and goes on by hand: an existing account, then the roles step
		given(this.serviceAccounts.get(TOKEN, SA)).willReturn(Mono.just(account(SA, FOLDER, "mine")));
		this.mvc.perform(post("/wizard/service-account/existing").session(this.session).with(user()).with(csrf())
				.param("serviceAccountId", SA))
			.andExpect(redirectedUrl("/wizard/roles"));
		given(this.resourceManager.listFolderAccessBindings(TOKEN, FOLDER)).willReturn(Mono.just(List.of()));
		given(this.resourceManager.updateFolderAccessBindings(eq(TOKEN), eq(FOLDER), any(), anyString()))
			.willReturn(Mono.just(operation("op-roles", false, Map.of(), null)));
		this.mvc.perform(post("/wizard/roles").session(this.session).with(user()).with(csrf())
				.param("roles", "ai.imageGeneration.user"))
			.andExpect(redirectedUrl("/wizard/progress"));
		given(this.operations.get(TOKEN, "op-roles")).willReturn(Mono.just(operation("op-roles", true, Map.of(), Map.of())));
		this.mvc.perform(post("/wizard/progress").session(this.session).with(user()).with(csrf()))
			.andExpect(redirectedUrl("/wizard/scope"));
		verify(this.apiKeys, never()).create(any(), any(), any());
		assertThat(run().roles()).containsExactly(FoundationRole.IMAGE_GENERATION_USER);
	}

	// 3. express when the suggested name is taken elsewhere in the cloud

	@Test
	void expressTakesTheNextFreeNameWhenTheSuggestionIsTakenInAnotherFolder() throws Exception {
		stateAt(Step.CLOUD);
		givenTheDefaultFolder();
		given(this.serviceAccounts.list(TOKEN, FOLDER)).willReturn(Mono.just(List.of()));
		String name = suggested();
		given(this.serviceAccounts.create(eq(TOKEN), argThat((CreateServiceAccountRequest r) -> r != null && name.equals(r.name())),
				anyString()))
			.willReturn(Mono.error(nameTaken(name)));
		given(this.serviceAccounts.create(eq(TOKEN),
				argThat((CreateServiceAccountRequest r) -> r != null && (name + "-2").equals(r.name())), anyString()))
			.willReturn(Mono.just(operation("op-sa", true, Map.of("serviceAccountId", SA), Map.of("id", SA))));
		this.mvc.perform(post("/wizard/express").session(this.session).with(user()).with(csrf())
				.param("cloudId", CLOUD).param("folderId", FOLDER))
			.andExpect(redirectedUrl("/wizard/progress"));
		assertThat(run().serviceAccountName()).isEqualTo(name + "-2");
		assertThat(run().serviceAccountId()).isEqualTo(SA);
		assertThat(run().expressRunning()).isTrue();
	}

	@Test
	void expressReusesTheUsersOwnAccountInTheFolderNotATeammatesOfTheSameName() throws Exception {
		stateAt(Step.CLOUD);
		givenTheDefaultFolder();
		given(this.serviceAccounts.list(TOKEN, FOLDER))
			.willReturn(Mono.just(List.of(account("ajeother000000000001", FOLDER, "ci-deployer"),
					account("ajeteammate000000001", FOLDER, suggested()), ownAccount(SA, FOLDER, suggested() + "-2"))));
		given(this.serviceAccounts.create(eq(TOKEN), any(), anyString())).willReturn(Mono.error(nameTaken(suggested())));
		this.mvc.perform(post("/wizard/express").session(this.session).with(user()).with(csrf())
				.param("cloudId", CLOUD).param("folderId", FOLDER))
			.andExpect(redirectedUrl("/wizard/progress"));
		assertThat(run().serviceAccountId()).isEqualTo(SA);
		// One attempt with the suggested name (the teammate's), then the own "-2" from the folder: no new account.
		verify(this.serviceAccounts, times(1)).create(any(), any(), any());
	}

	@Test
	void expressReusesTheUsersOwnAccountWhenTheCloudIsAtItsQuotaOfAccounts() throws Exception {
		stateAt(Step.CLOUD);
		givenTheDefaultFolder();
		given(this.serviceAccounts.list(TOKEN, FOLDER))
			.willReturn(Mono.just(List.of(ownAccount(SA, FOLDER, suggested() + "-2"))));
		given(this.serviceAccounts.create(eq(TOKEN), any(), anyString()))
			.willReturn(Mono.error(new CloudException.ResourceExhaustedException(RpcCode.RESOURCE_EXHAUSTED, 429,
					"Quota limit iam.serviceAccounts.count exceeded", List.of(), "req-429")));
		this.mvc.perform(post("/wizard/express").session(this.session).with(user()).with(csrf())
				.param("cloudId", CLOUD).param("folderId", FOLDER))
			.andExpect(redirectedUrl("/wizard/progress"));
		assertThat(run().serviceAccountId()).isEqualTo(SA);
		assertThat(run().serviceAccountName()).isEqualTo(suggested() + "-2");
	}

	@Test
	void expressCarriesOutExactlyThePlanThePageShowed() throws Exception {
		stateAt(Step.CLOUD);
		given(this.resourceManager.listClouds(TOKEN)).willReturn(
				Mono.just(List.of(new dev.aikeywizard.cloud.Cloud(CLOUD, "my-cloud", "", "org", Instant.now()))));
		given(this.resourceManager.listFolders(TOKEN, CLOUD))
			.willReturn(Mono.just(List.of(new Folder(FOLDER, CLOUD, "default", "", "ACTIVE", Instant.now()))));
		String page = this.mvc.perform(get("/wizard/cloud").session(this.session).with(user()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		java.util.regex.Matcher plan = java.util.regex.Pattern
			.compile("data-testid=\"express-plan\">([^<]*)<").matcher(page);
		assertThat(plan.find()).isTrue();
		assertThat(plan.group(1)).contains("ai.languageModels.user", "yc.ai.languageModels.execute");
		java.util.regex.Matcher shown = java.util.regex.Pattern
			.compile("name=\"expiresOn\" value=\"([0-9-]+)\"").matcher(page);
		assertThat(shown.find()).isTrue();
		assertThat(plan.group(1)).contains(shown.group(1));

		givenTheDefaultFolder();
		given(this.serviceAccounts.list(TOKEN, FOLDER))
			.willReturn(Mono.just(List.of(ownAccount(SA, FOLDER, suggested()))));
		given(this.serviceAccounts.create(eq(TOKEN), any(), anyString())).willReturn(Mono.error(nameTaken(suggested())));
		this.mvc.perform(post("/wizard/express").session(this.session).with(user()).with(csrf())
				.param("cloudId", CLOUD).param("folderId", FOLDER).param("expiresOn", shown.group(1))
				.param("timeZone", "Asia/Vladivostok"))
			.andExpect(redirectedUrl("/wizard/progress"));
		ExpressPlan carried = run().express();
		assertThat(carried.roles()).containsExactly(FoundationRole.LANGUAGE_MODELS_USER);
		assertThat(carried.scopes()).containsExactly(KeyScope.LANGUAGE_MODELS);
		assertThat(carried.expiry().date()).hasToString(shown.group(1));
		assertThat(carried.expiry().zone()).isEqualTo(ZoneId.of("Asia/Vladivostok"));
	}

	// 4. every copy of the session sends the same idempotency key for the same intent

	@Test
	void twoCopiesOfTheSessionSendTheSameIdempotencyKey() throws Exception {
		stateAt(Step.SERVICE_ACCOUNT);
		MockHttpSession copy = new MockHttpSession();
		copy.setAttribute(WizardRun.SESSION_ATTRIBUTE, serialisedCopy(run()));
		given(this.serviceAccounts.create(eq(TOKEN), any(), anyString()))
			.willReturn(Mono.just(operation("op1", false, Map.of(), null)));
		for (MockHttpSession session : List.of(this.session, copy)) {
			this.mvc.perform(post("/wizard/service-account").session(session).with(user()).with(csrf())
					.param("name", "sa-api"))
				.andExpect(redirectedUrl("/wizard/progress"));
		}
		ArgumentCaptor<String> keys = ArgumentCaptor.forClass(String.class);
		verify(this.serviceAccounts, times(2)).create(eq(TOKEN), any(), keys.capture());
		assertThat(keys.getAllValues().get(1)).isEqualTo(keys.getAllValues().get(0));
	}

	// 6. an operation that never finishes, or that the cloud forgot, never leaves the user stuck

	@Test
	void anOperationPastItsDeadlineOffersRetryAndBack() throws Exception {
		WizardRun run = stateAt(Step.SERVICE_ACCOUNT);
		run.serviceAccountCreating("op-slow", "sa-api", Instant.now().minus(Duration.ofMinutes(5)),
				Duration.ofMinutes(2));
		given(this.operations.get(TOKEN, "op-slow")).willReturn(Mono.just(operation("op-slow", false, Map.of(), null)));
		this.mvc.perform(post("/wizard/progress").session(this.session).with(user()).with(csrf()))
			.andExpect(status().isGatewayTimeout())
			.andExpect(content().string(containsString("op-slow")))
			.andExpect(content().string(containsString("data-testid=\"retry\"")))
			.andExpect(content().string(containsString("data-testid=\"stop-waiting\"")));
		this.mvc.perform(post("/wizard/progress/stop").session(this.session).with(user()).with(csrf()))
			.andExpect(redirectedUrl("/wizard/service-account"));
		assertThat(run().pending()).isNull();
	}

	@Test
	void anOperationThatCannotBePolledNeverTrapsTheUser() throws Exception {
		WizardRun run = stateAt(Step.SERVICE_ACCOUNT);
		run.serviceAccountCreating("op-mute", "sa-api", Instant.now(), Duration.ofMinutes(2));
		given(this.operations.get(TOKEN, "op-mute")).willReturn(Mono.error(new CloudException.PermissionDeniedException(
				RpcCode.PERMISSION_DENIED, 403, "no", List.of(), "req-403")));
		this.mvc.perform(post("/wizard/progress").session(this.session).with(user()).with(csrf()))
			.andExpect(status().isForbidden())
			.andExpect(content().string(containsString("data-testid=\"stop-waiting\"")));
		// past the deadline the same failure is the "not finished in time" page, with Back
		run().stopWaiting();
		run().serviceAccountCreating("op-mute", "sa-api", Instant.now().minus(Duration.ofMinutes(5)),
				Duration.ofMinutes(2));
		this.mvc.perform(post("/wizard/progress").session(this.session).with(user()).with(csrf()))
			.andExpect(status().isGatewayTimeout())
			.andExpect(content().string(containsString("data-testid=\"stop-waiting\"")));
		this.mvc.perform(post("/wizard/progress/stop").session(this.session).with(user()).with(csrf()))
			.andExpect(redirectedUrl("/wizard/service-account"));
	}

	@Test
	void rolesArePostedForTheAccountThePageShowedNotOneChosenMeanwhile() throws Exception {
		stateAt(Step.ROLES);
		String other = "ajeother000000000001";
		// While this request reads the roles bound to SA, another tab of the same run chooses another account.
		given(this.resourceManager.listFolderAccessBindings(TOKEN, FOLDER)).willAnswer((invocation) -> {
			run().useServiceAccount(other, "other", FOLDER);
			return Mono.just(List.of(new dev.aikeywizard.cloud.AccessBinding("ai.languageModels.user",
					dev.aikeywizard.cloud.AccessBinding.Subject.serviceAccount(SA))));
		});
		this.mvc.perform(post("/wizard/roles").session(this.session).with(user()).with(csrf())
				.param("roles", "ai.languageModels.user"))
			.andExpect(status().isConflict());
		assertThat(run().serviceAccountId()).isEqualTo(other);
		assertThat(run().rolesDone()).as("no roles recorded for an account nobody granted them to").isFalse();
	}

	@Test
	void anOperationTheCloudNoLongerKnowsEndsTheWait() throws Exception {
		WizardRun run = stateAt(Step.SERVICE_ACCOUNT);
		run.serviceAccountCreating("op-gone", "sa-api", Instant.now(), Duration.ofMinutes(2));
		given(this.operations.get(TOKEN, "op-gone")).willReturn(Mono.error(new CloudException.NotFoundException(
				RpcCode.NOT_FOUND, 404, "Operation not found", List.of(), "req-404")));
		this.mvc.perform(post("/wizard/progress").session(this.session).with(user()).with(csrf()))
			.andExpect(status().isNotFound())
			.andExpect(content().string(containsString("op-gone")));
		assertThat(run().pending()).isNull();
		this.mvc.perform(get("/wizard/progress").session(this.session).with(user()))
			.andExpect(redirectedUrl("/wizard/service-account"));
	}

	// 9. billing that cannot be read does not block

	@Test
	void billingThatCannotBeReadWarnsAndGoesOn() throws Exception {
		given(this.billing.listBillingAccounts(TOKEN)).willReturn(Mono.just(List.of()));
		given(this.resourceManager.listClouds(TOKEN)).willReturn(
				Mono.just(List.of(new dev.aikeywizard.cloud.Cloud(CLOUD, "my-cloud", "", "org", Instant.now()))));
		given(this.resourceManager.listFolders(TOKEN, CLOUD)).willReturn(Mono.just(List.of()));
		this.mvc.perform(get("/wizard").session(this.session).with(user()))
			.andExpect(redirectedUrl("/wizard/cloud"));
		this.mvc.perform(get("/wizard/billing").session(this.session).with(user()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-testid=\"billing-unknown\"")))
			.andExpect(content().string(containsString("data-testid=\"next\"")))
			.andExpect(content().string(not(containsString("data-testid=\"billing-guidance\""))));
	}

	@Test
	void billingRefusedWithPermissionDeniedAlsoGoesOn() throws Exception {
		given(this.billing.listBillingAccounts(TOKEN)).willReturn(Mono.error(new CloudException.PermissionDeniedException(
				RpcCode.PERMISSION_DENIED, 403, "no billing role", List.of(), "req-403")));
		given(this.resourceManager.listClouds(TOKEN)).willReturn(
				Mono.just(List.of(new dev.aikeywizard.cloud.Cloud(CLOUD, "my-cloud", "", "org", Instant.now()))));
		given(this.resourceManager.listFolders(TOKEN, CLOUD)).willReturn(Mono.just(List.of()));
		this.mvc.perform(get("/wizard").session(this.session).with(user()))
			.andExpect(redirectedUrl("/wizard/cloud"));
		assertThat(run().billing().of(CLOUD)).isEqualTo(BillingCheck.CloudBilling.UNKNOWN);
	}

	// 10. an image-generation-only key is not reported as broken

	@Test
	void anImageGenerationKeyIsNotCheckedWithATextCall() throws Exception {
		WizardRun run = stateAt(Step.ROLES);
		run.rolesGranted(Set.of(FoundationRole.IMAGE_GENERATION_USER));
		given(this.apiKeys.create(eq(TOKEN), any(), anyString()))
			.willReturn(Mono.just(key("ajekey00000000000001", "AQVN-image-secret-abcd")));
		this.mvc.perform(post("/wizard/key").session(this.session).with(user()).with(csrf())
				.param("scopes", "yc.ai.imageGeneration.execute"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-state=\"not_checkable\"")))
			.andExpect(content().string(not(containsString("hx-post=\"/wizard/verify\""))));
		this.mvc.perform(post("/wizard/verify").session(this.session).with(user()).with(csrf())
				.param("secret", "AQVN-image-secret-abcd"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("not_checkable")));
		verify(this.foundationModels, never()).tokenizeWithApiKey(any(), any(), any(), any());
	}

	// 13. an expiry date is the end of that day in the user's time zone

	@Test
	void theKeyExpiresAtTheEndOfTheChosenDayInTheUsersTimeZone() throws Exception {
		stateAt(Step.SCOPE);
		given(this.apiKeys.create(eq(TOKEN), any(), anyString()))
			.willReturn(Mono.just(key("ajekey00000000000001", "AQVN-test-secret-abcd")));
		LocalDate day = LocalDate.now(ZoneId.of("Europe/Moscow")).plusDays(1);
		this.mvc.perform(post("/wizard/key").session(this.session).with(user()).with(csrf())
				.param("scopes", "yc.ai.languageModels.execute").param("expiresOn", day.toString())
				.param("timeZone", "Europe/Moscow"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Europe/Moscow")));
		ArgumentCaptor<CreateApiKeyRequest> request = ArgumentCaptor.forClass(CreateApiKeyRequest.class);
		verify(this.apiKeys).create(eq(TOKEN), request.capture(), anyString());
		assertThat(request.getValue().expiresAt())
			.isEqualTo(day.plusDays(1).atStartOfDay(ZoneId.of("Europe/Moscow")).toInstant().minusSeconds(1));
	}

	// the run belongs to its Yandex user

	@Test
	void anotherUserInTheSameSessionStartsAFreshRun() throws Exception {
		stateAt(Step.SCOPE);
		this.mvc.perform(get("/wizard/scope").session(this.session).with(user()))
			.andExpect(status().isOk());
		this.mvc.perform(get("/wizard/scope").session(this.session)
				.with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oauth2Login()
					.attributes((a) -> {
						a.put("login", "someone.else");
						a.put("id", "2000002");
					})))
			.andExpect(redirectedUrl("/wizard/billing"));
	}

	private static WizardRun serialisedCopy(WizardRun run) throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(run);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			return (WizardRun) in.readObject();
		}
	}

}
