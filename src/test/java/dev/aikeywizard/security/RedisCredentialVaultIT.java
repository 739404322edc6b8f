package dev.aikeywizard.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.aikeywizard.support.CredentialKeys;
import dev.aikeywizard.support.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The credential vault in a real Redis: sealed, expiring, shared, forgotten. */
class RedisCredentialVaultIT {

	static final String TOKEN = "y0_" + "AgAAAAB3c1QcAATuwQAAAAEQ9LhNAABf" + UUID.randomUUID();

	static RedisServer redis;

	static LettuceConnectionFactory connections;

	final String namespace = "test-" + UUID.randomUUID();

	final CredentialCipher cipher = new CredentialCipher("1", Map.of("1", CredentialKeys.newKey()));

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
		connections = redis.connections();
	}

	@AfterAll
	static void stopRedis() {
		connections.destroy();
		redis.close();
	}

	RedisCredentialVault vault(Duration idle) {
		return new RedisCredentialVault(connections, this.namespace, this.cipher, idle, Clock.systemUTC());
	}

	@Test
	void aCredentialIsStoredSealedAndExpiresWithinTheIdleTimeout() {
		RedisCredentialVault vault = vault(Duration.ofMinutes(30));
		vault.save("42", CredentialVault.Kind.YANDEX_ID, TOKEN, Instant.now().plus(Duration.ofDays(365)));
		StringRedisTemplate raw = new StringRedisTemplate(connections);
		String key = this.namespace + ":credentials:yandex-id:42";
		assertThat(raw.opsForValue().get(key)).isNotNull().doesNotContain(TOKEN).doesNotContain("y0_");
		assertThat(raw.getExpire(key)).isBetween(1L, 30 * 60L);
		assertThat(vault(Duration.ofMinutes(30)).find("42", CredentialVault.Kind.YANDEX_ID)).as("another replica")
			.contains(TOKEN);
	}

	@Test
	void aCredentialExpiresWithItsTokenWhenThatComesFirst() {
		RedisCredentialVault vault = vault(Duration.ofHours(1));
		vault.save("42", CredentialVault.Kind.CLOUD, TOKEN, Instant.now().plus(Duration.ofMinutes(5)));
		String key = this.namespace + ":credentials:cloud:42";
		assertThat(new StringRedisTemplate(connections).getExpire(key)).isBetween(1L, 5 * 60L);
		assertThat(vault.find("42", CredentialVault.Kind.CLOUD)).contains(TOKEN);
		assertThat(new StringRedisTemplate(connections).getExpire(key)).as("a read does not outlive the token")
			.isBetween(1L, 5 * 60L);
	}

	@Test
	void aValueCopiedUnderAnotherUserIsNotUsed() {
		RedisCredentialVault vault = vault(Duration.ofMinutes(30));
		vault.save("42", CredentialVault.Kind.YANDEX_ID, TOKEN, Instant.now().plus(Duration.ofDays(1)));
		StringRedisTemplate raw = new StringRedisTemplate(connections);
		raw.opsForValue().set(this.namespace + ":credentials:yandex-id:666",
				raw.opsForValue().get(this.namespace + ":credentials:yandex-id:42"));
		assertThat(vault.find("666", CredentialVault.Kind.YANDEX_ID)).isEmpty();
		assertThat(raw.hasKey(this.namespace + ":credentials:yandex-id:666")).as("dropped").isFalse();
	}

	@Test
	void forgetOnOneReplicaIsForgetOnAll() {
		vault(Duration.ofMinutes(30)).save("42", CredentialVault.Kind.YANDEX_ID, TOKEN,
				Instant.now().plus(Duration.ofDays(1)));
		vault(Duration.ofMinutes(30)).save("42", CredentialVault.Kind.CLOUD, "t1.iam",
				Instant.now().plus(Duration.ofHours(1)));
		vault(Duration.ofMinutes(30)).forget("42");
		assertThat(vault(Duration.ofMinutes(30)).find("42", CredentialVault.Kind.YANDEX_ID)).isEmpty();
		assertThat(vault(Duration.ofMinutes(30)).find("42", CredentialVault.Kind.CLOUD)).isEmpty();
	}

}
