package dev.aikeywizard.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Credentials in Redis, shared by every replica, under {@code <namespace>:credentials:<kind>:<Yandex user id>}. A value
 * is {@code <expiry, epoch ms>|<sealed credential>}: AES-GCM under the configured key, bound to its Redis key and
 * expiry, so it opens only where it was put. The Redis key expires with the credential, or after the idle timeout
 * without use (each read restarts it), whichever is first.
 */
final class RedisCredentialVault implements CredentialVault {

	private static final Logger log = LoggerFactory.getLogger(RedisCredentialVault.class);

	private final StringRedisTemplate redis;

	private final String prefix;

	private final CredentialCipher cipher;

	private final Duration idleTimeout;

	private final Clock clock;

	RedisCredentialVault(RedisConnectionFactory connections, String namespace, CredentialCipher cipher,
			Duration idleTimeout, Clock clock) {
		this.redis = new StringRedisTemplate(connections);
		this.prefix = namespace + ":credentials:";
		this.cipher = cipher;
		this.idleTimeout = idleTimeout;
		this.clock = clock;
	}

	@Override
	public void save(String userId, Kind kind, String credential, Instant expiresAt) {
		String key = key(userId, kind);
		Duration left = Duration.between(this.clock.instant(), expiresAt);
		if (left.toMillis() <= 0) {
			this.redis.delete(key);
			return;
		}
		long expiry = expiresAt.toEpochMilli();
		String value = expiry + "|" + this.cipher.seal(credential, key + "|" + expiry);
		this.redis.opsForValue().set(key, value, (left.compareTo(this.idleTimeout) < 0) ? left : this.idleTimeout);
	}

	@Override
	public Optional<String> find(String userId, Kind kind) {
		String key = key(userId, kind);
		String value = this.redis.opsForValue().getAndExpire(key, this.idleTimeout);
		if (value == null) {
			return Optional.empty();
		}
		int bar = value.indexOf('|');
		try {
			long expiry = Long.parseLong(value.substring(0, bar));
			Instant expiresAt = Instant.ofEpochMilli(expiry);
			if (!expiresAt.isAfter(this.clock.instant())) {
				this.redis.delete(key);
				return Optional.empty();
			}
			if (expiresAt.isBefore(this.clock.instant().plus(this.idleTimeout))) {
				this.redis.expireAt(key, expiresAt);
			}
			return Optional.of(this.cipher.open(value.substring(bar + 1), key + "|" + expiry));
		}
		catch (CredentialCipher.UnreadableCredentialException | IndexOutOfBoundsException
				| NumberFormatException ex) {
			// Sealed with a key no longer configured, or not written by us: as good as absent.
			log.warn("Dropped an unreadable {} credential of user {}: {}", kind.id(), userId, ex.getMessage());
			this.redis.delete(key);
			return Optional.empty();
		}
	}

	@Override
	public void remove(String userId, Kind kind) {
		this.redis.delete(key(userId, kind));
	}

	private String key(String userId, Kind kind) {
		return this.prefix + kind.id() + ":" + userId;
	}

}
