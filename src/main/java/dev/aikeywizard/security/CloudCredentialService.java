package dev.aikeywizard.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.IamTokenApi;
import dev.aikeywizard.cloud.ResourceManagerApi;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.stereotype.Service;

/**
 * Each signed-in user's Yandex Cloud IAM token, held in server memory only (never in the session, a cookie or a
 * page) and renewed before it expires. The token comes from exchanging the user's Yandex ID OAuth token; when IAM
 * refuses that, from a token the user pastes on the "Connect your cloud" step.
 */
@Service
public class CloudCredentialService {

	private static final Logger log = LoggerFactory.getLogger(CloudCredentialService.class);

	/** Renew this long before {@code expiresAt}. */
	static final Duration RENEW_MARGIN = Duration.ofMinutes(10);

	private final OAuth2AuthorizedClientService authorizedClients;

	private final IamTokenApi iamTokens;

	private final ResourceManagerApi resourceManager;

	private final Clock clock;

	private final Map<String, Credential> credentials = new ConcurrentHashMap<>();

	@Autowired
	public CloudCredentialService(OAuth2AuthorizedClientService authorizedClients, IamTokenApi iamTokens,
			ResourceManagerApi resourceManager) {
		this(authorizedClients, iamTokens, resourceManager, Clock.systemUTC());
	}

	CloudCredentialService(OAuth2AuthorizedClientService authorizedClients, IamTokenApi iamTokens,
			ResourceManagerApi resourceManager, Clock clock) {
		this.authorizedClients = authorizedClients;
		this.iamTokens = iamTokens;
		this.resourceManager = resourceManager;
		this.clock = clock;
	}

	/**
	 * A valid IAM token for this user, exchanged or renewed if needed.
	 * @throws CloudConnectionRequiredException when no credential works and the user must connect one
	 */
	public IamToken iamToken(Authentication user) {
		String key = user.getName();
		Credential current = this.credentials.get(key);
		if (current != null && !current.iamToken().expiresWithin(RENEW_MARGIN, this.clock)) {
			return current.iamToken();
		}
		Credential renewed = renew(user, current);
		this.credentials.put(key, renewed);
		// Renewals are rare (about once per user per token lifetime): a good moment to drop dead entries.
		this.credentials.values().removeIf((credential) -> credential.iamToken().expiresAt().isBefore(this.clock.instant()));
		return renewed.iamToken();
	}

	private Credential renew(Authentication user, Credential current) {
		if (current != null && current.source() == Source.PASTED_IAM_TOKEN) {
			this.credentials.remove(user.getName());
			throw new CloudConnectionRequiredException(CloudConnectionRequiredException.Reason.EXPIRED);
		}
		if (current != null && current.source() == Source.PASTED_OAUTH_TOKEN) {
			return new Credential(Source.PASTED_OAUTH_TOKEN, current.oauthToken(), exchange(current.oauthToken()));
		}
		OAuth2AuthorizedClient client = this.authorizedClients.loadAuthorizedClient("yandex", user.getName());
		if (client == null) {
			// No Yandex ID token on this server (e.g. after a restart): sign in again.
			throw new org.springframework.security.authentication.CredentialsExpiredException(
					"no Yandex ID token for this session");
		}
		String oauthToken = client.getAccessToken().getTokenValue();
		return new Credential(Source.YANDEX_ID, null, exchange(oauthToken));
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
		this.credentials.put(user.getName(), new Credential(Source.PASTED_OAUTH_TOKEN, oauthToken, token));
	}

	/**
	 * Checks a pasted IAM token with one call (listing clouds) and uses it until it expires. IAM tokens live at most
	 * 12 hours; without {@code expiresAt} we assume the shortest sensible remainder and ask again after it.
	 * @throws CloudException when the token does not work
	 */
	public void connectWithIamToken(Authentication user, String iamToken) {
		IamToken token = new IamToken(iamToken, this.clock.instant().plus(Duration.ofHours(1)).plus(RENEW_MARGIN));
		this.resourceManager.listClouds(token).block();
		this.credentials.put(user.getName(), new Credential(Source.PASTED_IAM_TOKEN, null, token));
	}

	/** Drops the user's credential (logout). */
	public void forget(Authentication user) {
		if (user != null) {
			this.credentials.remove(user.getName());
		}
	}

	private enum Source {

		YANDEX_ID, PASTED_OAUTH_TOKEN, PASTED_IAM_TOKEN

	}

	private record Credential(Source source, String oauthToken, IamToken iamToken) {

		@Override
		public String toString() {
			return "Credential[source=" + this.source + ", oauthToken=<redacted>, iamToken=" + this.iamToken + "]";
		}

	}

}
