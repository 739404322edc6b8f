package dev.aikeywizard.wizard;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a session finds its run when runs live in a store of their own (sessions in Redis): the stored run wins over
 * the session's copy, and a copy whose stored run is gone never comes back (its idempotency keys would replay the
 * answers the real run already got, a key's secret among them).
 */
class WizardRunsTests {

	private final Map<UUID, WizardRun> stored = new HashMap<>();

	private final RunStore store = new RunStore() {

		@Override
		public Optional<WizardRun> find(UUID runId) {
			return Optional.ofNullable(WizardRunsTests.this.stored.get(runId)).map(WizardRun::snapshot);
		}

		@Override
		public void save(WizardRun run) {
			WizardRunsTests.this.stored.put(run.id(), run.snapshot());
		}

	};

	private final WizardRuns runs = new WizardRuns(new LocalRunLocks(Duration.ofSeconds(1)), this.store,
			new StaticListableBeanFactory().getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class));

	private final MockHttpSession session = new MockHttpSession();

	private final Authentication user = new OAuth2AuthenticationToken(
			new DefaultOAuth2User(java.util.List.of(), Map.of("id", "1000001", "login", "ivan"), "login"),
			java.util.List.of(), "yandex");

	@Test
	void theStoredRunWinsOverTheSessionsCopy() {
		WizardRun first = this.runs.current(this.session, this.user);
		this.runs.change(this.session, this.user, (run) -> {
			run.billingChecked(new BillingCheck(Map.of("b1gcloud", BillingCheck.CloudBilling.PAID)));
			return run;
		});
		WizardRun read = this.runs.current(this.session, this.user);
		assertThat(read.id()).isEqualTo(first.id());
		assertThat(read.billing()).isNotNull();
	}

	@Test
	void aSessionCopyWhoseStoredRunIsGoneStartsANewRun() {
		WizardRun first = this.runs.current(this.session, this.user);
		this.runs.change(this.session, this.user, (run) -> {
			run.billingChecked(new BillingCheck(Map.of("b1gcloud", BillingCheck.CloudBilling.PAID)));
			return run;
		});
		this.stored.clear(); // expired in Redis
		WizardRun after = this.runs.current(this.session, this.user);
		assertThat(after.id()).isNotEqualTo(first.id());
		assertThat(after.billing()).isNull();
	}

	@Test
	void aRunOfAnotherUserIsNeverResumed() {
		WizardRun first = this.runs.current(this.session, this.user);
		Authentication other = new OAuth2AuthenticationToken(
				new DefaultOAuth2User(java.util.List.of(), Map.of("id", "2000002", "login", "olga"), "login"),
				java.util.List.of(), "yandex");
		assertThat(this.runs.current(this.session, other).id()).isNotEqualTo(first.id());
	}

}
