package dev.aikeywizard.wizard.key;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.aikeywizard.cloud.ApiKey;
import dev.aikeywizard.cloud.ApiKeyApi;
import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.CreatedApiKey;
import dev.aikeywizard.cloud.FoundationModelsApi;
import dev.aikeywizard.cloud.FoundationModelsApi.TokenizeResult;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.RpcCode;
import dev.aikeywizard.wizard.BillingCheck;
import dev.aikeywizard.wizard.FoundationRole;
import dev.aikeywizard.wizard.IssuePolicy;
import dev.aikeywizard.wizard.KeyExpiry;
import dev.aikeywizard.wizard.KeyScope;
import dev.aikeywizard.wizard.KeySettings;
import dev.aikeywizard.wizard.TooManyKeysException;
import dev.aikeywizard.wizard.Upstream;
import dev.aikeywizard.wizard.WizardProperties;
import dev.aikeywizard.wizard.WizardRun;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The key allowance counts what may exist: a creation whose answer was lost stays counted (it used to be given back
 * on any failure, so lost answers let a user past the limit), one the cloud refused is given back.
 */
class KeyIssuerTests {

	static final IamToken TOKEN = new IamToken("t1.test", Instant.parse("2030-01-01T00:00:00Z"));

	final Upstream upstream = mock(Upstream.class);

	final LocalKeyAllowance allowance = new LocalKeyAllowance(1, Clock.systemUTC());

	static final KeyRequester ANNA = new KeyRequester("42", "anna.petrova", "anna.petrova@yandex.ru");

	static final String SECRET = "AQVNsecretsecretsecretsecretsecret_xyz789";

	final List<Object> published = new ArrayList<>();

	final FoundationModelsApi foundationModels = mock(FoundationModelsApi.class);

	final KeyVerifier verifier = new KeyVerifier(this.foundationModels, this.upstream, mock(WizardProperties.class),
			Clock.systemUTC());

	final KeyIssuer issuer = new KeyIssuer(mock(ApiKeyApi.class), this.allowance, this.upstream, Clock.systemUTC(),
			IssuePolicy.PERSONAL, this.published::add, this.verifier);

	@Test
	void anIssuedKeyIsAnnouncedOnceWithWhoAndWhatButNotTheSecret() {
		when(this.upstream.await(any())).thenReturn(created());
		WizardRun run = runAtKey("first");
		this.issuer.issue(TOKEN, run, ANNA);
		assertThat(this.published).hasSize(1);
		KeyIssued issued = (KeyIssued) this.published.get(0);
		assertThat(issued.userId()).isEqualTo("42");
		assertThat(issued.login()).isEqualTo("anna.petrova");
		assertThat(issued.email()).isEqualTo("anna.petrova@yandex.ru");
		assertThat(issued.keyId()).isEqualTo("ajekey");
		assertThat(issued.folderId()).isEqualTo("b1gfolder");
		assertThat(issued.serviceAccountId()).isEqualTo("ajesa");
		assertThat(issued.serviceAccountName()).isEqualTo("sa");
		assertThat(issued.roles()).containsExactly("ai.languageModels.user");
		assertThat(issued.scopes()).containsExactly("yc.ai.languageModels.execute");
		assertThat(issued.expiresAt()).isEqualTo(Instant.parse("2030-03-01T00:00:00Z"));
		assertThat(issued.maskedEnding()).isEqualTo("****xyz789");
		assertThat(issued.toString()).doesNotContain(SECRET).doesNotContain(SECRET.substring(0, 20));
	}

	@Test
	void aFailingListenerNeverCostsTheUserTheKey() {
		when(this.upstream.await(any())).thenReturn(created());
		KeyIssuer failing = new KeyIssuer(mock(ApiKeyApi.class), this.allowance, this.upstream, Clock.systemUTC(),
				IssuePolicy.PERSONAL, (event) -> {
					throw new IllegalStateException("audit database down");
				}, this.verifier);
		WizardRun run = runAtKey("first");
		assertThat(failing.issue(TOKEN, run, ANNA).secret()).isEqualTo(SECRET);
		assertThat(run.issuedKey().id()).isEqualTo("ajekey");
	}

	/** The audit's write and the run's store are not on the critical path of the page that shows the key. */
	@Test
	void theKeysFirstCheckIsSentBeforeTheKeyIsAnnounced() {
		when(this.upstream.await(any())).thenReturn(created());
		List<String> happened = new ArrayList<>();
		when(this.foundationModels.tokenizeWithApiKey(eq(SECRET), eq("b1gfolder"), any(), any()))
			.thenReturn(Mono.fromSupplier(() -> {
				happened.add("check sent");
				return new TokenizeResult(List.of(), "1");
			}));
		when(this.upstream.send(any(), any())).thenAnswer((call) -> {
			Mono<?> sent = call.<Mono<?>>getArgument(0).cache();
			sent.subscribe();
			return sent;
		});
		KeyIssuer issuer = new KeyIssuer(mock(ApiKeyApi.class), this.allowance, this.upstream, Clock.systemUTC(),
				IssuePolicy.PERSONAL, (event) -> happened.add("announced"), this.verifier);
		WizardRun run = runAtKey("first");
		NewKey key = issuer.issueAndCheck(TOKEN, run, ANNA);
		assertThat(happened).containsExactly("check sent", "announced");
		assertThat(key.secret()).isEqualTo(SECRET);
		assertThat(key.toString()).doesNotContain(SECRET).doesNotContain(SECRET.substring(0, 20));
	}

	@Test
	void aKeyTheCloudDidNotCreateIsNotAnnounced() {
		when(this.upstream.await(any())).thenThrow(failure(RpcCode.PERMISSION_DENIED));
		assertThatThrownBy(() -> this.issuer.issue(TOKEN, runAtKey("first"), ANNA))
			.isInstanceOf(CloudException.PermissionDeniedException.class);
		assertThat(this.published).isEmpty();
	}

	private static CreatedApiKey created() {
		return new CreatedApiKey(new ApiKey("ajekey", "ajesa", "first", List.of("yc.ai.languageModels.execute"),
				Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2030-03-01T00:00:00Z"), "****xyz789"), SECRET);
	}

	@Test
	void aCreationWhoseOutcomeIsUnknownStaysCounted() {
		when(this.upstream.await(any())).thenThrow(failure(RpcCode.UNAVAILABLE));
		assertThatThrownBy(() -> this.issuer.issue(TOKEN, runAtKey("first"), ANNA))
			.isInstanceOf(CloudException.UnavailableException.class);
		assertThatThrownBy(() -> this.issuer.issue(TOKEN, runAtKey("second"), ANNA))
			.isInstanceOf(TooManyKeysException.class);
	}

	@Test
	void aCreationTheCloudRefusedIsGivenBack() {
		when(this.upstream.await(any())).thenThrow(failure(RpcCode.PERMISSION_DENIED));
		assertThatThrownBy(() -> this.issuer.issue(TOKEN, runAtKey("first"), ANNA))
			.isInstanceOf(CloudException.PermissionDeniedException.class);
		assertThatThrownBy(() -> this.issuer.issue(TOKEN, runAtKey("second"), ANNA))
			.as("the allowance was given back, so the cloud is asked again")
			.isInstanceOf(CloudException.PermissionDeniedException.class);
	}

	private static CloudException failure(RpcCode code) {
		return CloudException.of(code, code.httpStatus(), code.name(), List.of(), "request-1");
	}

	private static WizardRun runAtKey(String description) {
		WizardRun run = new WizardRun("42");
		run.billingChecked(new BillingCheck(Map.of("b1gcloud", BillingCheck.CloudBilling.PAID)));
		run.chooseFolder("b1gcloud", "b1gfolder", "default");
		run.useServiceAccount("ajesa", "sa", "b1gfolder");
		run.rolesGranted(Set.of(FoundationRole.LANGUAGE_MODELS_USER));
		run.keySettings(new KeySettings(EnumSet.of(KeyScope.LANGUAGE_MODELS),
				new KeyExpiry(LocalDate.of(2030, 3, 1), ZoneOffset.UTC), description));
		return run;
	}

}
