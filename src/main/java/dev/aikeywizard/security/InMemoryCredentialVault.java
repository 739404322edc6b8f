package dev.aikeywizard.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Credentials in this JVM's memory (one instance, sessions in memory): a Caffeine cache bounded in size, each entry
 * expiring when its credential does or after the idle timeout without use, whichever comes first.
 */
final class InMemoryCredentialVault implements CredentialVault {

	private final Cache<String, Entry> entries;

	private final Duration idleTimeout;

	private final Clock clock;

	InMemoryCredentialVault(Duration idleTimeout, long maxEntries, Clock clock, Ticker ticker) {
		this.idleTimeout = idleTimeout;
		this.clock = clock;
		this.entries = Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.expireAfter(Expiry.<String, Entry>accessing((key, entry) -> lifeLeft(entry)))
			.ticker(ticker)
			.build();
	}

	private Duration lifeLeft(Entry entry) {
		Duration left = Duration.between(this.clock.instant(), entry.expiresAt());
		return left.isNegative() ? Duration.ZERO : (left.compareTo(this.idleTimeout) < 0 ? left : this.idleTimeout);
	}

	@Override
	public void save(String userId, Kind kind, String credential, Instant expiresAt) {
		this.entries.put(key(userId, kind), new Entry(credential, expiresAt));
	}

	@Override
	public Optional<String> find(String userId, Kind kind) {
		Entry entry = this.entries.getIfPresent(key(userId, kind));
		if (entry == null || !entry.expiresAt().isAfter(this.clock.instant())) {
			return Optional.empty();
		}
		return Optional.of(entry.credential());
	}

	@Override
	public void remove(String userId, Kind kind) {
		this.entries.invalidate(key(userId, kind));
	}

	long size() {
		this.entries.cleanUp();
		return this.entries.estimatedSize();
	}

	private static String key(String userId, Kind kind) {
		return kind.id() + ":" + userId;
	}

	private record Entry(String credential, Instant expiresAt) {

		@Override
		public String toString() {
			return "Entry[credential=<redacted>, expiresAt=" + this.expiresAt + "]";
		}

	}

}
