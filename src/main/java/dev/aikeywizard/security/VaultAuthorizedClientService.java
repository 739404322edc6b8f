package dev.aikeywizard.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

/**
 * Spring Security's store of the Yandex ID token each user signed in with, kept in the {@link CredentialVault} by
 * Yandex user id (the principal name, {@code user-name-attribute: id}): bounded and expiring in memory, shared and
 * sealed in Redis.
 */
final class VaultAuthorizedClientService implements OAuth2AuthorizedClientService {

	/** Yandex ID tokens without a stated lifetime are taken to live a year (the documented default). */
	private static final Duration DEFAULT_LIFETIME = Duration.ofDays(365);

	private final ClientRegistrationRepository registrations;

	private final CredentialVault vault;

	/** False when a user's Yandex ID token only says who they are (portal mode): then it is never kept. */
	private final boolean keepTokens;

	VaultAuthorizedClientService(ClientRegistrationRepository registrations, CredentialVault vault) {
		this(registrations, vault, true);
	}

	VaultAuthorizedClientService(ClientRegistrationRepository registrations, CredentialVault vault,
			boolean keepTokens) {
		this.registrations = registrations;
		this.vault = vault;
		this.keepTokens = keepTokens;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId, String principalName) {
		ClientRegistration registration = this.registrations.findByRegistrationId(registrationId);
		if (registration == null) {
			return null;
		}
		return (T) this.vault.findRecord(principalName, CredentialVault.Kind.YANDEX_ID, StoredToken.class)
			.filter((stored) -> stored.registrationId().equals(registrationId))
			.map((stored) -> new OAuth2AuthorizedClient(registration, principalName,
					new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, stored.accessToken(), stored.issuedAt(),
							stored.expiresAt(), stored.scopes()),
					(stored.refreshToken() != null) ? new OAuth2RefreshToken(stored.refreshToken(), null) : null))
			.orElse(null);
	}

	@Override
	public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal) {
		if (!this.keepTokens) {
			return;
		}
		OAuth2AccessToken token = client.getAccessToken();
		Instant issuedAt = (token.getIssuedAt() != null) ? token.getIssuedAt() : Instant.now();
		Instant expiresAt = (token.getExpiresAt() != null) ? token.getExpiresAt() : issuedAt.plus(DEFAULT_LIFETIME);
		StoredToken stored = new StoredToken(client.getClientRegistration().getRegistrationId(),
				token.getTokenValue(), issuedAt, expiresAt, token.getScopes(),
				(client.getRefreshToken() != null) ? client.getRefreshToken().getTokenValue() : null);
		this.vault.saveRecord(principal.getName(), CredentialVault.Kind.YANDEX_ID, stored, expiresAt);
	}

	@Override
	public void removeAuthorizedClient(String registrationId, String principalName) {
		this.vault.remove(principalName, CredentialVault.Kind.YANDEX_ID);
	}

	record StoredToken(String registrationId, String accessToken, Instant issuedAt, Instant expiresAt,
			Set<String> scopes, String refreshToken) {

		@Override
		public String toString() {
			return "StoredToken[accessToken=<redacted>, refreshToken=<redacted>, expiresAt=" + this.expiresAt + "]";
		}

	}

}
