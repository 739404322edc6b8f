package dev.aikeywizard.security;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where users' credentials are kept ({@code app.credentials.*}).
 *
 * @param encryptionKey base64 of 32 random bytes (AES-256) that seals credentials kept in Redis; required with
 * Redis, unused without ({@code openssl rand -base64 32})
 * @param keyId the id of {@code encryptionKey}, written next to each sealed value
 * @param previousKeys earlier keys by id, still accepted for reading after a rotation until their values expire
 * @param idleTimeout how long a credential is kept without use (at least the session timeout)
 * @param maxEntries how many credentials one instance keeps in memory (without Redis)
 */
@ConfigurationProperties("app.credentials")
record CredentialProperties(String encryptionKey, @DefaultValue("1") String keyId,
		@DefaultValue Map<String, String> previousKeys, @DefaultValue("1h") Duration idleTimeout,
		@DefaultValue("10000") long maxEntries) {

	@Override
	public String toString() {
		return "CredentialProperties[encryptionKey=<redacted>, keyId=" + this.keyId + ", previousKeys="
				+ this.previousKeys.keySet() + ", idleTimeout=" + this.idleTimeout + ", maxEntries=" + this.maxEntries
				+ "]";
	}

}
