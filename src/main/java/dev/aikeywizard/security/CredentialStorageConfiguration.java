package dev.aikeywizard.security;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * The credential vault: in Redis, sealed with AES-GCM, when the app has a Redis connection (profile {@code redis}),
 * so that every replica can serve every signed-in user; in this JVM's memory otherwise. Spring Security keeps the
 * Yandex ID token from sign-in there too, instead of its unbounded in-memory map.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CredentialProperties.class)
class CredentialStorageConfiguration {

	@Bean
	CredentialVault credentialVault(ObjectProvider<RedisConnectionFactory> redis, CredentialProperties properties,
			Environment environment) {
		RedisConnectionFactory connections = redis.getIfAvailable();
		if (connections == null) {
			return new InMemoryCredentialVault(properties.idleTimeout(), properties.maxEntries(), Clock.systemUTC(),
					Ticker.systemTicker());
		}
		if (properties.encryptionKey() == null || properties.encryptionKey().isBlank()) {
			throw new IllegalStateException("app.credentials.encryption-key (APP_CREDENTIALS_ENCRYPTION_KEY) is "
					+ "required with Redis: users' tokens are kept there sealed with it. Generate one with "
					+ "`openssl rand -base64 32` and give every replica the same value.");
		}
		Map<String, String> keys = new LinkedHashMap<>(properties.previousKeys());
		keys.put(properties.keyId(), properties.encryptionKey());
		String namespace = environment.getProperty("spring.session.data.redis.namespace", "spring:session");
		return new RedisCredentialVault(connections, namespace, new CredentialCipher(properties.keyId(), keys),
				properties.idleTimeout(), Clock.systemUTC());
	}

	@Bean
	OAuth2AuthorizedClientService authorizedClientService(ClientRegistrationRepository registrations,
			CredentialVault vault, ObjectProvider<ServiceIdentity> serviceIdentity) {
		// With the app's own identity (portal mode) a user's Yandex ID token is used for sign-in only, never kept.
		return new VaultAuthorizedClientService(registrations, vault, serviceIdentity.getIfAvailable() == null);
	}

}
