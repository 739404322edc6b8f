package dev.aikeywizard.security;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.aikeywizard.support.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryCredentialVaultTests {

	final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

	final AtomicLong nanos = new AtomicLong();

	final Ticker ticker = this.nanos::get;

	/** Moves the wall clock and Caffeine's ticker together. */
	void pass(Duration time) {
		this.clock.pass(time);
		this.nanos.addAndGet(time.toNanos());
	}

	@Test
	void aCredentialIsGoneWhenItExpires() {
		InMemoryCredentialVault vault = new InMemoryCredentialVault(Duration.ofHours(1), 100, this.clock, this.ticker);
		vault.save("42", CredentialVault.Kind.CLOUD, "t1.iam", this.clock.instant().plus(Duration.ofMinutes(20)));
		pass(Duration.ofMinutes(19));
		assertThat(vault.find("42", CredentialVault.Kind.CLOUD)).contains("t1.iam");
		pass(Duration.ofMinutes(2));
		assertThat(vault.find("42", CredentialVault.Kind.CLOUD)).isEmpty();
	}

	@Test
	void aCredentialUnusedForTheIdleTimeoutIsGoneAndEachUseRestartsIt() {
		InMemoryCredentialVault vault = new InMemoryCredentialVault(Duration.ofHours(1), 100, this.clock, this.ticker);
		vault.save("42", CredentialVault.Kind.YANDEX_ID, "y0_token", this.clock.instant().plus(Duration.ofDays(365)));
		pass(Duration.ofMinutes(50));
		assertThat(vault.find("42", CredentialVault.Kind.YANDEX_ID)).contains("y0_token");
		pass(Duration.ofMinutes(50));
		assertThat(vault.find("42", CredentialVault.Kind.YANDEX_ID)).as("used 50 min ago").contains("y0_token");
		pass(Duration.ofMinutes(61));
		assertThat(vault.find("42", CredentialVault.Kind.YANDEX_ID)).isEmpty();
	}

	@Test
	void theVaultHoldsAtMostItsBound() {
		InMemoryCredentialVault vault = new InMemoryCredentialVault(Duration.ofHours(1), 50, this.clock, this.ticker);
		for (int user = 0; user < 1000; user++) {
			vault.save(String.valueOf(user), CredentialVault.Kind.YANDEX_ID, "y0_" + user, this.clock.instant().plusSeconds(3600));
		}
		assertThat(vault.size()).isLessThanOrEqualTo(50);
	}

	@Test
	void forgetRemovesEveryKindOfTheUserOnly() {
		InMemoryCredentialVault vault = new InMemoryCredentialVault(Duration.ofHours(1), 100, this.clock, this.ticker);
		Instant later = this.clock.instant().plusSeconds(3600);
		vault.save("42", CredentialVault.Kind.YANDEX_ID, "y0_a", later);
		vault.save("42", CredentialVault.Kind.CLOUD, "t1.a", later);
		vault.save("43", CredentialVault.Kind.YANDEX_ID, "y0_b", later);
		vault.forget("42");
		assertThat(vault.find("42", CredentialVault.Kind.YANDEX_ID)).isEmpty();
		assertThat(vault.find("42", CredentialVault.Kind.CLOUD)).isEmpty();
		assertThat(vault.find("43", CredentialVault.Kind.YANDEX_ID)).contains("y0_b");
	}

	record Stored(String token, Instant expiresAt) {
	}

	@Test
	void aRecordIsKeptAsJsonAndOneThatNoLongerReadsIsDropped() {
		InMemoryCredentialVault vault = new InMemoryCredentialVault(Duration.ofHours(1), 100, this.clock, this.ticker);
		Instant later = this.clock.instant().plusSeconds(3600);
		vault.saveRecord("42", CredentialVault.Kind.CLOUD, new Stored("t1.iam", later), later);
		assertThat(vault.findRecord("42", CredentialVault.Kind.CLOUD, Stored.class))
			.contains(new Stored("t1.iam", later));
		// What another version of the app may have written during a rolling deploy.
		vault.save("42", CredentialVault.Kind.YANDEX_ID, "{\"token\": [\"not\", \"a\", \"string\"]}", later);
		assertThat(vault.findRecord("42", CredentialVault.Kind.YANDEX_ID, Stored.class)).isEmpty();
		assertThat(vault.find("42", CredentialVault.Kind.YANDEX_ID)).as("dropped").isEmpty();
	}

}
