package dev.aikeywizard.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.IamTokenApi;
import dev.aikeywizard.cloud.ResourceManagerApi;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.stereotype.Service;

/**
 * Each signed-in user's Yandex Cloud IAM token, kept in the {@link CredentialVault} by Yandex user id (never in the
 * session, a cookie or a page) and renewed before it expires. The token comes from exchanging the user's Yandex ID
 * OAuth token; when IAM refuses that, from a token the user pastes on the "Connect your cloud" step.
 */
@Service
public class CloudCredentialService {

	private static final Logger log = LoggerFactory.getLogger(CloudCredentialService.class);

	/** Renew this long before {@code expiresAt}. */
	static final Duration RENEW_MARGIN = Duration.ofMinutes(10);

	/** How long a pasted OAuth token is kept at most (its lifetime is not known; Yandex Cloud's last a year). */
	private static final Duration PASTED_OAUTH_TOKEN_LIFETIME = Duration.ofDays(365);

	private final OAuth2AuthorizedClientService authorizedClients;

	private final IamTokenApi iamTokens;

	private final ResourceManagerApi resourceManager;

	private final CredentialVault vault;

	private final Clock clock;

	/** The app's own identity in portal mode; null when users act with their own rights. */
	private final ServiceIdentity serviceIdentity;

	@Autowired
	CloudCredentialService(OAuth2AuthorizedClientService authorizedClients, IamTokenApi iamTokens,
			ResourceManagerApi resourceManager, CredentialVault vault, ObjectProvider<ServiceIdentity> serviceIdentity) {
		this(authorizedClients, iamTokens, resourceManager, vault, Clock.systemUTC(), serviceIdentity.getIfAvailable());
	}

	CloudCredentialService(OAuth2AuthorizedClientService authorizedClients, IamTokenApi iamTokens,
			ResourceManagerApi resourceManager, CredentialVault vault, Clock clock) {
		this(authorizedClients, iamTokens, resourceManager, vault, clock, null);
	}

	private CloudCredentialService(OAuth2AuthorizedClientService authorizedClients, IamTokenApi iamTokens,
			ResourceManagerApi resourceManager, CredentialVault vault, Clock clock, ServiceIdentity serviceIdentity) {
		this.authorizedClients = authorizedClients;
		this.iamTokens = iamTokens;
		this.resourceManager = resourceManager;
		this.vault = vault;
		this.clock = clock;
		this.serviceIdentity = serviceIdentity;
	}

	/**
	 * A valid IAM token to act for this user, exchanged or renewed if needed: the app's own in portal mode (see
	 * {@link ServiceIdentity}), otherwise the user's.
	 * @throws CloudConnectionRequiredException when no credential works and the user must connect one
	 */
	public IamToken iamToken(Authentication user) {
		if (this.serviceIdentity != null) {
			try {
				return this.serviceIdentity.iamToken().block();
			}
			catch (CloudException ex) {
				log.warn("The app's service account got no IAM token: {} (request id {})", ex.code(), ex.requestId());
				throw new ServiceIdentityUnavailableException(ex);
			}
		}
		String userId = user.getName();
		Credential current = this.vault.findRecord(userId, CredentialVault.Kind.CLOUD, Credential.class).orElse(null);
		if (current != null && !current.iamToken().expiresWithin(RENEW_MARGIN, this.clock)) {
			return current.iamToken();
		}
		Credential renewed = renew(user, current);
		keep(userId, renewed);
		return renewed.iamToken();
	}

	private Credential renew(Authentication user, Credential current) {
		if (current != null && current.source() == Source.PASTED_IAM_TOKEN) {
			this.vault.remove(user.getName(), CredentialVault.Kind.CLOUD);
			throw new CloudConnectionRequiredException(CloudConnectionRequiredException.Reason.EXPIRED);
		}
		if (current != null && current.source() == Source.PASTED_OAUTH_TOKEN) {
			return new Credential(Source.PASTED_OAUTH_TOKEN, current.oauthToken(), exchange(current.oauthToken()));
		}
		OAuth2AuthorizedClient client = this.authorizedClients.loadAuthorizedClient("yandex", user.getName());
		if (client == null) {
			// No Yandex ID token kept for this user (expired, unused too long, or the vault was lost): sign in again.
			throw new org.springframework.security.authentication.CredentialsExpiredException(
					"no Yandex ID token for this session");
		}
		String oauthToken = client.getAccessToken().getTokenValue();
		return new Credential(Source.YANDEX_ID, null, exchange(oauthToken));
	}

	private void keep(String userId, Credential credential) {
		Instant until = (credential.source() == Source.PASTED_OAUTH_TOKEN)
				? this.clock.instant().plus(PASTED_OAUTH_TOKEN_LIFETIME) : credential.iamToken().expiresAt();
		this.vault.saveRecord(userId, CredentialVault.Kind.CLOUD, credential, until);
	}

	private IamToken exchange(String oauthToken) {
		try {
			return this.iamTokens.exchangeOAuthToken(oauthToken).block();
		}
		catch (CloudException.UnauthenticatedException | CloudException.PermissionDeniedException
				| CloudException.InvalidArgumentException ex) {
			log.info("IAM refused the OAuth token exchange: {} (request id {})", ex.code(), ex.requestId());
			throw new CloudConnectionRequiredException(CloudConnectionRequiredException.Reason.EXCHANGE_REFUSED);
		}
	}

	/**
	 * Checks a pasted Yandex Cloud OAuth token with one call (its exchange) and uses it from now on.
	 * @throws CloudException when the token does not work
	 */
	public void connectWithOAuthToken(Authentication user, String oauthToken) {
		IamToken token = this.iamTokens.exchangeOAuthToken(oauthToken).block();
		keep(user.getName(), new Credential(Source.PASTED_OAUTH_TOKEN, oauthToken, token));
	}

	/**
	 * Checks a pasted IAM token with one call (listing clouds) and uses it until it expires. IAM tokens live at most
	 * 12 hours; without {@code expiresAt} we assume the shortest sensible remainder and ask again after it.
	 * @throws CloudException when the token does not work
	 */
	public void connectWithIamToken(Authentication user, String iamToken) {
		IamToken token = new IamToken(iamToken, this.clock.instant().plus(Duration.ofHours(1)).plus(RENEW_MARGIN));
		this.resourceManager.listClouds(token).block();
		keep(user.getName(), new Credential(Source.PASTED_IAM_TOKEN, null, token));
	}

	/**
	 * The cloud refused the token used for this user: drops the user's credentials (see {@link #forget}) and, in
	 * portal mode, the app's own token, so that the next call gets a new one.
	 */
	public void refused(Authentication user) {
		if (this.serviceIdentity != null) {
			this.serviceIdentity.refused();
		}
		forget(user);
	}

	/** Whether the app acts with its own identity for every user (portal mode): users connect no cloud of theirs. */
	public boolean actsAsService() {
		return this.serviceIdentity != null;
	}

	/**
	 * A new sign-in: the IAM token derived from the previous Yandex ID token is dropped, so the next call exchanges the
	 * new one (whatever IAM says about it now); a token the user pasted stays.
	 */
	public void signedIn(Authentication user) {
		String userId = user.getName();
		this.vault.findRecord(userId, CredentialVault.Kind.CLOUD, Credential.class)
			.filter((credential) -> credential.source() == Source.YANDEX_ID)
			.ifPresent((credential) -> this.vault.remove(userId, CredentialVault.Kind.CLOUD));
	}

	/** Drops every credential of the user, on every instance that shares the vault (logout). */
	public void forget(Authentication user) {
		if (user != null) {
			this.vault.forget(user.getName());
		}
	}

	enum Source {

		YANDEX_ID, PASTED_OAUTH_TOKEN, PASTED_IAM_TOKEN

	}

	record Credential(Source source, String oauthToken, IamToken iamToken) {

		@Override
		public String toString() {
			return "Credential[source=" + this.source + ", oauthToken=<redacted>, iamToken=" + this.iamToken + "]";
		}

	}

}
