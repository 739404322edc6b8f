package dev.aikeywizard.wizard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.aikeywizard.cloud.AccessBinding;
import dev.aikeywizard.cloud.ApiKey;
import dev.aikeywizard.cloud.BillableObjectBinding;
import dev.aikeywizard.cloud.BillingAccount;
import dev.aikeywizard.cloud.Cloud;
import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.CreatedApiKey;
import dev.aikeywizard.cloud.Folder;
import dev.aikeywizard.cloud.RpcCode;
import dev.aikeywizard.cloud.ServiceAccount;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

class WizardStepsTests extends WizardSliceTestSupport {

	private void billingReady(boolean active) {
		given(this.billing.listBillingAccounts(TOKEN)).willReturn(Mono.just(List.of(
				new BillingAccount("dn2billing0000000001", "Main account", Instant.now(), "RU", "RUB", active, "100.00"))));
		given(this.billing.listBillableObjectBindings(TOKEN, "dn2billing0000000001")).willReturn(Mono.just(List.of(
				new BillableObjectBinding(Instant.now(), new BillableObjectBinding.BillableObject(CLOUD, "cloud")))));
		given(this.resourceManager.listClouds(TOKEN))
			.willReturn(Mono.just(List.of(new Cloud(CLOUD, "my-cloud", "", "org", Instant.now()))));
	}

	// 1. Billing

	@Test
	void billingPageShowsAccountAndNext() throws Exception {
		billingReady(true);
		this.mvc.perform(get("/wizard/billing").session(this.session).with(user()))
			.andExpect(status().isOk())
			.andExpect(view().name("wizard/billing"))
			.andExpect(content().string(containsString("Main account")))
			.andExpect(content().string(containsString("data-testid=\"next\"")))
			.andExpect(content().string(containsString("<html")));
	}

	@Test
	void billingFragmentForHtmxWithPushUrl() throws Exception {
		billingReady(true);
		this.mvc.perform(get("/wizard/billing").session(this.session).with(user()).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(view().name("wizard/billing :: step"))
			.andExpect(header().string("HX-Push-Url", "/wizard/billing"))
			.andExpect(content().string(not(containsString("<html"))))
			.andExpect(content().string(containsString("id=\"wizard-main\"")));
	}

	@Test
	void withoutActiveBillingTheEntryShowsTheGuidanceFromOneRead() throws Exception {
		billingReady(false);
		this.mvc.perform(get("/wizard").session(this.session).with(user()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-testid=\"billing-guidance\"")));
		verify(this.billing, times(1)).listBillingAccounts(TOKEN);
		verify(this.resourceManager, times(1)).listClouds(TOKEN);
	}

	@Test
	void aHistoryRestoreGetsTheWholePage() throws Exception {
		billingReady(true);
		this.mvc.perform(get("/wizard/billing").session(this.session).with(user()).header("HX-Request", "true")
				.header("HX-History-Restore-Request", "true"))
			.andExpect(view().name("wizard/billing"))
			.andExpect(content().string(containsString("<html")));
	}

	@Test
	void inactiveBillingExplainsAndLinksToBillingWithoutNext() throws Exception {
		billingReady(false);
		this.mvc.perform(get("/wizard/billing").session(this.session).with(user()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-testid=\"billing-guidance\"")))
			.andExpect(content().string(containsString("https://billing.yandex.cloud/accounts")))
			.andExpect(content().string(not(containsString("data-testid=\"next\""))));
	}

	@Test
	void billingConfirmsItselfWhenItPasses() throws Exception {
		billingReady(true);
		this.mvc.perform(get("/wizard").session(this.session).with(user()))
			.andExpect(redirectedUrl("/wizard/cloud"));
	}

	// 2. Cloud and folder

	@Test
	void cloudStepOffersOnlyActiveFoldersAndPreselectsDefault() throws Exception {
		stateAt(Step.CLOUD);
		given(this.resourceManager.listClouds(TOKEN))
			.willReturn(Mono.just(List.of(new Cloud(CLOUD, "my-cloud", "", "org", Instant.now()))));
		given(this.resourceManager.listFolders(TOKEN, CLOUD)).willReturn(Mono.just(List.of(
				new Folder("b1gfolder00000000002", CLOUD, "staging", "", "ACTIVE", Instant.now()),
				new Folder(FOLDER, CLOUD, "default", "", "ACTIVE", Instant.now()),
				new Folder("b1gfolder00000000003", CLOUD, "old", "", "PENDING_DELETION", Instant.now()))));
		MvcResult result = this.mvc.perform(get("/wizard/cloud").session(this.session).with(user()))
			.andExpect(status().isOk())
			.andReturn();
		String html = result.getResponse().getContentAsString();
		assertThat(html).contains("staging").doesNotContain("b1gfolder00000000003");
		assertThat(html).containsPattern("value=\"" + FOLDER + "\"\\s+selected");
		assertThat(html).contains("data-testid=\"express\"");
	}

	@Test
	void choosingAnotherCloudSwapsOnlyItsFolders() throws Exception {
		stateAt(Step.CLOUD);
		given(this.resourceManager.listFolders(TOKEN, CLOUD)).willReturn(
				Mono.just(List.of(new Folder(FOLDER, CLOUD, "default", "", "ACTIVE", Instant.now()))));
		this.mvc.perform(get("/wizard/cloud").param("cloudId", CLOUD).session(this.session).with(user())
				.header("HX-Request", "true").header("HX-Trigger-Name", "cloudId"))
			.andExpect(status().isOk())
			.andExpect(view().name("wizard/cloud :: folders"))
			.andExpect(content().string(containsString(FOLDER)));
		verify(this.resourceManager, never()).listClouds(any());
	}

	@Test
	void aFolderOfAnotherCloudIsRefusedWithoutAnyMutation() throws Exception {
		stateAt(Step.CLOUD);
		given(this.resourceManager.getFolder(TOKEN, "b1gforeign0000000001")).willReturn(
				Mono.just(new Folder("b1gforeign0000000001", "b1gothercloud0000001", "x", "", "ACTIVE", Instant.now())));
		this.mvc.perform(post("/wizard/cloud").session(this.session).with(user()).with(csrf())
				.param("cloudId", CLOUD).param("folderId", "b1gforeign0000000001"))
			.andExpect(status().isBadRequest())
			.andExpect(content().string(containsString("Nothing was changed")));
		verify(this.serviceAccounts, never()).create(any(), any(), any());
	}

	@Test
	void aCloudWithoutActiveBillingIsRefused() throws Exception {
		stateAt(Step.CLOUD);
		this.mvc.perform(post("/wizard/cloud").session(this.session).with(user()).with(csrf())
				.param("cloudId", "b1gothercloud0000001").param("folderId", FOLDER))
			.andExpect(status().isBadRequest());
		verify(this.resourceManager, never()).getFolder(any(), any());
	}

	@Test
	void nextOnTheCloudStepAnswersAnHtmxFormWithTheServiceAccountStepItselfAndAPlainFormWithARedirect()
			throws Exception {
		stateAt(Step.CLOUD);
		given(this.resourceManager.getFolder(TOKEN, FOLDER))
			.willReturn(Mono.just(new Folder(FOLDER, CLOUD, "default", "", "ACTIVE", Instant.now())));
		given(this.serviceAccounts.list(TOKEN, FOLDER)).willReturn(Mono.just(List.of()));
		// htmx (a boosted form): the next step in this answer, its URL pushed, no second request
		this.mvc.perform(post("/wizard/cloud").session(this.session).with(user()).with(csrf())
				.header("HX-Request", "true").header("HX-Boosted", "true")
				.param("cloudId", CLOUD).param("folderId", FOLDER))
			.andExpect(status().isOk())
			.andExpect(view().name("wizard/service-account :: step"))
			.andExpect(header().string("HX-Push-Url", "/wizard/service-account"))
			.andExpect(content().string(containsString("id=\"name\"")));
		assertThat(run().folderId()).isEqualTo(FOLDER);
		// without htmx: Post/Redirect/Get, so a refresh never sends the form again
		this.mvc.perform(post("/wizard/cloud").session(this.session).with(user()).with(csrf())
				.param("cloudId", CLOUD).param("folderId", FOLDER))
			.andExpect(redirectedUrl("/wizard/service-account"));
	}

	@Test
	void nextOnTheCloudStepWithTheSameFolderWhileAnOperationRunsLeadsBackToItsProgressNotToTheForm()
			throws Exception {
		WizardRun run = stateAt(Step.SERVICE_ACCOUNT);
		run.serviceAccountCreating("op-running", "sa-api", Instant.now(), Duration.ofMinutes(2));
		given(this.resourceManager.getFolder(TOKEN, FOLDER))
			.willReturn(Mono.just(new Folder(FOLDER, CLOUD, "default", "", "ACTIVE", Instant.now())));
		this.mvc.perform(post("/wizard/cloud").session(this.session).with(user()).with(csrf())
				.header("HX-Request", "true").header("HX-Boosted", "true")
				.param("cloudId", CLOUD).param("folderId", FOLDER))
			.andExpect(redirectedUrl("/wizard/progress"));
		assertThat(run().pending()).as("still waited for").isNotNull();
		verify(this.serviceAccounts, never()).list(any(), any());
	}

	@Test
	void theScopeStepIsNotOfferedWhileExpressIsBetweenItsOperations() throws Exception {
		WizardRun run = stateAt(Step.SCOPE);
		run.startExpress(ExpressPlan.recommended(null, ""));
		run.rolesGranted(Set.of(FoundationRole.IMAGE_GENERATION_USER)); // an earlier grant just finished
		this.mvc.perform(get("/wizard/scope").session(this.session).with(user()))
			.andExpect(redirectedUrl("/wizard/progress"));
	}

	// 3. Service account

	@Test
	void serviceAccountNameIsPrefilledAndValid() throws Exception {
		stateAt(Step.SERVICE_ACCOUNT);
		given(this.serviceAccounts.list(TOKEN, FOLDER)).willReturn(Mono.just(List.of()));
		String html = this.mvc.perform(get("/wizard/service-account").session(this.session).with(user()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).containsPattern("name=\"name\" type=\"text\" value=\"ai-ivan-petrov-\\d{8}\"");
	}

	@Test
	void aBadNameIsExplainedAndCreatesNothing() throws Exception {
		stateAt(Step.SERVICE_ACCOUNT);
		given(this.serviceAccounts.list(TOKEN, FOLDER)).willReturn(Mono.just(List.of()));
		this.mvc.perform(post("/wizard/service-account").session(this.session).with(user()).with(csrf())
				.param("name", "1-Bad_name-").header("HX-Request", "true"))
			.andExpect(status().isUnprocessableEntity())
			.andExpect(view().name("wizard/service-account :: step"))
			.andExpect(content().string(containsString("start with a letter")));
		verify(this.serviceAccounts, never()).create(any(), any(), any());
	}

	@Test
	void nameCheckAnswersAsTheUserTypes() throws Exception {
		this.mvc.perform(get("/wizard/service-account/name-check").param("name", "ab-").with(user()))
			.andExpect(status().isOk())
			.andExpect(view().name("wizard/service-account :: name-feedback"))
			.andExpect(content().string(containsString("do not end with a hyphen")));
		this.mvc.perform(get("/wizard/service-account/name-check").param("name", "sa-api").with(user()))
			.andExpect(content().string(containsString("fits the rules")));
	}

	@Test
	void creatingAServiceAccountShowsProgressThenGoesOnToRoles() throws Exception {
		stateAt(Step.SERVICE_ACCOUNT);
		given(this.serviceAccounts.create(eq(TOKEN), any(), anyString()))
			.willReturn(Mono.just(operation("op1", false, Map.of("serviceAccountId", SA), null)));
		this.mvc.perform(post("/wizard/service-account").session(this.session).with(user()).with(csrf())
				.param("name", "sa-api"))
			.andExpect(redirectedUrl("/wizard/progress"));
		given(this.operations.get(TOKEN, "op1"))
			.willReturn(Mono.just(operation("op1", false, Map.of("serviceAccountId", SA), null)));
		this.mvc.perform(get("/wizard/progress").session(this.session).with(user()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("op1")));
		given(this.operations.get(TOKEN, "op1")).willReturn(Mono.just(operation("op1", true,
				Map.of("serviceAccountId", SA), Map.of("id", SA, "name", "sa-api"))));
		this.mvc.perform(get("/wizard/progress").session(this.session).with(user()))
			.andExpect(redirectedUrl("/wizard/roles"));
		assertThat(run().serviceAccountId()).isEqualTo(SA);
	}

	@Test
	void expressSharesTheServiceAccountAnotherSessionOfTheSameUserJustCreated() throws Exception {
		stateAt(Step.CLOUD);
		givenTheDefaultFolder();
		String name = "ai-ivan-petrov-" + java.time.LocalDate.now(java.time.ZoneOffset.UTC)
			.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
		// There when this session tried to create it: the other session won the race.
		given(this.serviceAccounts.list(TOKEN, FOLDER))
			.willReturn(Mono.just(List.of(new ServiceAccount(SA, FOLDER, name, "", Instant.now(), "ACTIVE",
					Map.of("created-by", "ai-key-wizard", "owner-uid", USER_ID)))));
		given(this.serviceAccounts.create(eq(TOKEN), any(), anyString()))
			.willReturn(Mono.error(new CloudException.AlreadyExistsException(RpcCode.ALREADY_EXISTS, 409,
					"Service account with name " + name + " already exists", List.of(), "req-9")));
		this.mvc.perform(post("/wizard/express").session(this.session).with(user()).with(csrf())
				.param("cloudId", CLOUD).param("folderId", FOLDER))
			.andExpect(redirectedUrl("/wizard/progress"));
		assertThat(run().serviceAccountId()).isEqualTo(SA);
		assertThat(run().serviceAccountName()).isEqualTo(name);
		verify(this.serviceAccounts, times(1)).create(eq(TOKEN), any(), anyString());
	}

	@Test
	void aRetriedCreateReusesItsIdempotencyKey() throws Exception {
		stateAt(Step.SERVICE_ACCOUNT);
		given(this.serviceAccounts.create(eq(TOKEN), any(), anyString()))
			.willReturn(Mono.error(new CloudException.UnavailableException(RpcCode.UNAVAILABLE, 503, "down", List.of(),
					"req-1", null)));
		for (int i = 0; i < 2; i++) {
			this.mvc.perform(post("/wizard/service-account").session(this.session).with(user()).with(csrf())
					.param("name", "sa-api"))
				.andExpect(status().isServiceUnavailable())
				.andExpect(content().string(containsString("data-testid=\"retry\"")))
				.andExpect(content().string(containsString("req-1")));
		}
		var keys = org.mockito.ArgumentCaptor.forClass(String.class);
		verify(this.serviceAccounts, times(2)).create(eq(TOKEN), any(), keys.capture());
		assertThat(keys.getAllValues().get(0)).isEqualTo(keys.getAllValues().get(1));
	}

	@Test
	void permissionDeniedNamesTheRoleAndTheFolder() throws Exception {
		stateAt(Step.SERVICE_ACCOUNT);
		given(this.serviceAccounts.create(eq(TOKEN), any(), anyString()))
			.willReturn(Mono.error(new CloudException.PermissionDeniedException(RpcCode.PERMISSION_DENIED, 403,
					"Permission denied", List.of(), "req-2")));
		this.mvc.perform(post("/wizard/service-account").session(this.session).with(user()).with(csrf())
				.param("name", "sa-api"))
			.andExpect(status().isForbidden())
			.andExpect(content().string(containsString("iam.serviceAccounts.admin")))
			.andExpect(content().string(containsString(FOLDER)));
	}

	// 4. Roles

	@Test
	void rolesAlreadyBoundAreShownAndNotSentAgain() throws Exception {
		stateAt(Step.ROLES);
		given(this.resourceManager.listFolderAccessBindings(TOKEN, FOLDER)).willReturn(Mono.just(List.of(
				new AccessBinding("ai.languageModels.user", AccessBinding.Subject.serviceAccount(SA)))));
		this.mvc.perform(get("/wizard/roles").session(this.session).with(user()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("already granted")));
		given(this.resourceManager.updateFolderAccessBindings(eq(TOKEN), eq(FOLDER), any(), anyString()))
			.willReturn(Mono.just(operation("op2", true, Map.of(), Map.of())));
		this.mvc.perform(post("/wizard/roles").session(this.session).with(user()).with(csrf())
				.param("roles", "ai.languageModels.user", "ai.imageGeneration.user"))
			.andExpect(redirectedUrl("/wizard/scope"));
		@SuppressWarnings("unchecked")
		org.mockito.ArgumentCaptor<List<dev.aikeywizard.cloud.AccessBindingDelta>> deltas = org.mockito.ArgumentCaptor
			.forClass(List.class);
		verify(this.resourceManager).updateFolderAccessBindings(eq(TOKEN), eq(FOLDER), deltas.capture(), anyString());
		assertThat(deltas.getValue()).extracting((d) -> d.accessBinding().roleId())
			.containsExactly("ai.imageGeneration.user");
	}

	@Test
	void anUnknownRoleIsRefusedWithoutAnyMutation() throws Exception {
		stateAt(Step.ROLES);
		this.mvc.perform(post("/wizard/roles").session(this.session).with(user()).with(csrf())
				.param("roles", "admin"))
			.andExpect(status().isBadRequest());
		verify(this.resourceManager, never()).updateFolderAccessBindings(any(), any(), any(), any());
	}

	// 5 and 6. Scope, key

	@Test
	void scopeIsPreselectedFromRolesAndWarnsAboutAMismatch() throws Exception {
		stateAt(Step.SCOPE);
		this.mvc.perform(get("/wizard/scope").session(this.session).with(user()))
			.andExpect(status().isOk())
			.andExpect(content().string(
					org.hamcrest.Matchers.matchesPattern("(?s).*value=\"yc.ai.languageModels.execute\"[^>]*checked.*")));
		this.mvc.perform(get("/wizard/scope/check").session(this.session).with(user())
				.param("scopes", "yc.ai.imageGeneration.execute"))
			.andExpect(content().string(containsString("ai.imageGeneration.user")));
	}

	@Test
	void anExpiryInThePastIsRefusedAndCreatesNothing() throws Exception {
		stateAt(Step.SCOPE);
		this.mvc.perform(post("/wizard/key").session(this.session).with(user()).with(csrf())
				.param("scopes", "yc.ai.languageModels.execute").param("expiresOn", "2001-01-01"))
			.andExpect(status().isUnprocessableEntity())
			.andExpect(content().string(containsString("must be in the future")));
		verify(this.apiKeys, never()).create(any(), any(), any());
	}

	@Test
	void theSecretIsShownOnceAndNeverAgain() throws Exception {
		stateAt(Step.SCOPE);
		given(this.apiKeys.create(eq(TOKEN), any(), anyString())).willReturn(Mono.just(new CreatedApiKey(
				new ApiKey("ajekey00000000000001", SA, "d", List.of("yc.ai.languageModels.execute"), Instant.now(),
						null, "****abcdef"),
				"AQVN-test-secret-value")));
		this.mvc.perform(post("/wizard/key").session(this.session).with(user()).with(csrf())
				.param("scopes", "yc.ai.languageModels.execute").param("description", "d"))
			.andExpect(status().isOk())
			.andExpect(header().string("Cache-Control", containsString("no-store")))
			.andExpect(content().string(containsString("AQVN-test-secret-value")))
			.andExpect(content().string(containsString("data-testid=\"copy\"")));
		assertThat(this.session.getAttribute(WizardRun.SESSION_ATTRIBUTE).toString())
			.doesNotContain("AQVN-test-secret-value");
		// re-post, refresh, back: never the secret, never a second key
		this.mvc.perform(post("/wizard/key").session(this.session).with(user()).with(csrf())
				.param("scopes", "yc.ai.languageModels.execute"))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("AQVN-test-secret-value"))))
			.andExpect(content().string(containsString("data-testid=\"already-issued\"")));
		this.mvc.perform(get("/wizard/key").session(this.session).with(user()))
			.andExpect(content().string(not(containsString("AQVN-test-secret-value"))))
			.andExpect(content().string(containsString("ajekey00000000000001")));
		verify(this.apiKeys, times(1)).create(any(), any(), any());
	}

	// Every step: the whole page for a normal request, the fragment and its URL for htmx

	@org.junit.jupiter.params.ParameterizedTest
	@org.junit.jupiter.params.provider.EnumSource(value = Step.class, names = { "CLOUD", "SERVICE_ACCOUNT", "ROLES", "SCOPE" })
	void everyStepIsAPageAndAFragment(Step step) throws Exception {
		stateAt(step);
		given(this.resourceManager.listClouds(TOKEN))
			.willReturn(Mono.just(List.of(new Cloud(CLOUD, "my-cloud", "", "org", Instant.now()))));
		given(this.resourceManager.listFolders(TOKEN, CLOUD))
			.willReturn(Mono.just(List.of(new Folder(FOLDER, CLOUD, "default", "", "ACTIVE", Instant.now()))));
		given(this.serviceAccounts.list(TOKEN, FOLDER)).willReturn(Mono.just(List.of()));
		given(this.resourceManager.listFolderAccessBindings(TOKEN, FOLDER)).willReturn(Mono.just(List.of()));
		this.mvc.perform(get(step.url()).session(this.session).with(user()))
			.andExpect(status().isOk())
			.andExpect(view().name(step.view()))
			.andExpect(content().string(containsString("<html")))
			.andExpect(content().string(containsString("data-testid=\"next\"")))
			.andExpect(content().string(containsString("data-testid=\"how\"")));
		this.mvc.perform(get(step.url()).session(this.session).with(user()).header("HX-Request", "true"))
			.andExpect(status().isOk())
			.andExpect(view().name(step.view() + " :: step"))
			.andExpect(header().string("HX-Push-Url", step.url()))
			.andExpect(content().string(not(containsString("<html"))));
	}

	@Test
	void aStepAheadOfTheWizardRedirectsToTheFirstOpenStep() throws Exception {
		stateAt(Step.SERVICE_ACCOUNT);
		this.mvc.perform(get("/wizard/scope").session(this.session).with(user()))
			.andExpect(redirectedUrl("/wizard/service-account"));
	}

	// Security

	@Test
	void aPostWithoutCsrfIsRefused() throws Exception {
		stateAt(Step.SCOPE);
		this.mvc.perform(post("/wizard/key").session(this.session).with(user())
				.param("scopes", "yc.ai.languageModels.execute"))
			.andExpect(status().isForbidden());
		verify(this.apiKeys, never()).create(any(), any(), any());
	}

	@Test
	void anonymousUsersGoToYandexIdAndHtmxCallsGetARefresh() throws Exception {
		this.mvc.perform(get("/wizard/billing")).andExpect(redirectedUrl("/oauth2/authorization/yandex"));
		// htmx-spring-boot's HxRefreshHeaderAuthenticationEntryPoint: HX-Refresh with 403 (htmx reloads either way)
		this.mvc.perform(get("/wizard/billing").header("HX-Request", "true"))
			.andExpect(status().isForbidden())
			.andExpect(header().string("HX-Refresh", "true"));
	}

	@Test
	void securityHeadersAreStrict() throws Exception {
		billingReady(true);
		this.mvc.perform(get("/wizard/billing").session(this.session).with(user()))
			.andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
			.andExpect(header().string("Content-Security-Policy", not(containsString("unsafe"))))
			.andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'none'")))
			.andExpect(header().string("Referrer-Policy", "no-referrer"))
			.andExpect(header().string("X-Content-Type-Options", "nosniff"));
	}

	@Test
	void refusedExchangeLeadsToConnectYourCloud() throws Exception {
		given(this.credentials.iamToken(any())).willThrow(new dev.aikeywizard.security.CloudConnectionRequiredException(
				dev.aikeywizard.security.CloudConnectionRequiredException.Reason.EXCHANGE_REFUSED));
		this.mvc.perform(get("/wizard").session(this.session).with(user()))
			.andExpect(redirectedUrl("/wizard/connect"));
		this.mvc.perform(get("/wizard/connect").session(this.session).with(user()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("1a6990aa636648e9b2ef855fa7bec2fb")));
	}

}
