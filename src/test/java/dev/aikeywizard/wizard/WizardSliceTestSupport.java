package dev.aikeywizard.wizard;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.aikeywizard.cloud.ApiKeyApi;
import dev.aikeywizard.cloud.BillingApi;
import dev.aikeywizard.cloud.FoundationModelsApi;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.IamTokenApi;
import dev.aikeywizard.cloud.Operation;
import dev.aikeywizard.cloud.OperationApi;
import dev.aikeywizard.cloud.ResourceManagerApi;
import dev.aikeywizard.cloud.ServiceAccountApi;
import dev.aikeywizard.cloud.CloudProperties;
import dev.aikeywizard.security.CloudCredentialService;
import dev.aikeywizard.security.SecurityConfiguration;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.OAuth2LoginRequestPostProcessor;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;

/**
 * Shared set-up of the wizard's MockMvc slice tests: every step's controller, the run core and the security policy
 * over mocked cloud APIs, a signed-in Yandex ID user and one session.
 */
@WebMvcTest(includeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = "dev\\.aikeywizard\\.(wizard|export)\\..*"),
		excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
				pattern = "dev\\.aikeywizard\\.(sandbox|keys|audit)\\..*"))
@Import(SecurityConfiguration.class)
@EnableConfigurationProperties({ WizardProperties.class, CloudProperties.class })
abstract class WizardSliceTestSupport {

	static final IamToken TOKEN = new IamToken("t1.test-token", Instant.now().plusSeconds(3600));

	static final String CLOUD = "b1gcloud000000000001";

	static final String FOLDER = "b1gfolder00000000001";

	static final String SA = "ajesa000000000000001";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	CloudCredentialService credentials;

	@MockitoBean
	BillingApi billing;

	@MockitoBean
	ResourceManagerApi resourceManager;

	@MockitoBean
	ServiceAccountApi serviceAccounts;

	@MockitoBean
	ApiKeyApi apiKeys;

	@MockitoBean
	OperationApi operations;

	@MockitoBean
	FoundationModelsApi foundationModels;

	@MockitoBean
	IamTokenApi iamTokens;

	@MockitoBean
	dev.aikeywizard.cloud.LockboxApi lockbox;

	MockHttpSession session;

	@BeforeEach
	void signIn() {
		this.session = new MockHttpSession();
		given(this.credentials.iamToken(any())).willReturn(TOKEN);
		given(this.operations.checkOutcome(any())).willAnswer((invocation) -> invocation.getArgument(0));
		// The billing step reads the first clouds' folders ahead; a test that cares stubs its own.
		given(this.resourceManager.listFolders(any(), any())).willReturn(reactor.core.publisher.Mono.just(List.of()));
		given(this.operations.awaitDone(any(), any()))
			.willAnswer((invocation) -> reactor.core.publisher.Mono.just(invocation.getArgument(1)));
		given(this.apiKeys.listScopes(any())).willReturn(reactor.core.publisher.Mono
			.just(java.util.Arrays.stream(KeyScope.values()).map(KeyScope::id).toList()));
	}

	static OAuth2LoginRequestPostProcessor user() {
		return SecurityMockMvcRequestPostProcessors.oauth2Login()
			.attributes((attributes) -> {
				attributes.put("login", "ivan.petrov");
				attributes.put("id", USER_ID);
			});
	}

	/** The Yandex user id of {@link #user()}: the owner of the session's run. */
	static final String USER_ID = "1000001";

	/** A session whose wizard run is at the given step, with the earlier steps done. */
	WizardRun stateAt(Step step) {
		WizardRun run = new WizardRun(USER_ID);
		run.billingChecked(new BillingCheck(Map.of(CLOUD, BillingCheck.CloudBilling.PAID)));
		if (step.ordinal() > Step.CLOUD.ordinal()) {
			run.chooseFolder(CLOUD, FOLDER, "default");
		}
		if (step.ordinal() > Step.SERVICE_ACCOUNT.ordinal()) {
			run.useServiceAccount(SA, "ai-ivan-petrov-20261129", FOLDER);
		}
		if (step.ordinal() > Step.ROLES.ordinal()) {
			run.rolesGranted(java.util.Set.of(FoundationRole.LANGUAGE_MODELS_USER));
		}
		this.session.setAttribute(WizardRun.SESSION_ATTRIBUTE, run);
		return run;
	}

	/** The cloud knows {@link #FOLDER} as the ACTIVE folder {@code default} of {@link #CLOUD}. */
	void givenTheDefaultFolder() {
		given(this.resourceManager.getFolder(TOKEN, FOLDER)).willReturn(reactor.core.publisher.Mono
			.just(new dev.aikeywizard.cloud.Folder(FOLDER, CLOUD, "default", "", "ACTIVE", Instant.now())));
	}

	WizardRun run() {
		return (WizardRun) this.session.getAttribute(WizardRun.SESSION_ATTRIBUTE);
	}

	static Operation operation(String id, boolean done, Map<String, Object> metadata, Map<String, Object> response) {
		return new Operation(id, "", Instant.now(), "user", Instant.now(), done, metadata, response, null);
	}

	static <T> List<T> list(T... items) {
		return List.of(items);
	}

}
