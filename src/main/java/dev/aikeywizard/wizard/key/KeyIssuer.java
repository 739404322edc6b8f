package dev.aikeywizard.wizard.key;

import java.time.Clock;
import java.util.List;

import dev.aikeywizard.cloud.ApiKeyApi;
import dev.aikeywizard.cloud.CreateApiKeyRequest;
import dev.aikeywizard.cloud.CreatedApiKey;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.wizard.IssuedKey;
import dev.aikeywizard.wizard.KeyScope;
import dev.aikeywizard.wizard.KeySettings;
import dev.aikeywizard.wizard.TooManyKeysException;
import dev.aikeywizard.wizard.Upstream;
import dev.aikeywizard.wizard.WizardRun;

import org.springframework.stereotype.Service;

/**
 * Creates the run's key, at most once per intent: the caller holds the run's lock, and the Idempotency-Key is the
 * run's for this key, so a Retry after a lost answer gets the same key back. The returned secret goes to the one
 * response that shows it and nowhere else.
 */
@Service
public class KeyIssuer {

	private final ApiKeyApi apiKeys;

	private final KeyRateLimiter limiter;

	private final Upstream upstream;

	private final Clock clock;

	KeyIssuer(ApiKeyApi apiKeys, KeyRateLimiter limiter, Upstream upstream, Clock clock) {
		this.apiKeys = apiKeys;
		this.limiter = limiter;
		this.upstream = upstream;
		this.clock = clock;
	}

	/**
	 * Issues the key of {@code run} with its settings.
	 * @param userName whose allowance of keys per hour it counts against
	 * @return the created key with its secret
	 */
	public CreatedApiKey issue(IamToken token, WizardRun run, String userName) {
		KeySettings settings = run.keySettings();
		if (!this.limiter.tryAcquire(userName)) {
			throw new TooManyKeysException(this.limiter.limit());
		}
		CreatedApiKey created;
		try {
			List<String> scopes = settings.scopes().stream().map(KeyScope::id).toList();
			created = this.upstream.await(this.apiKeys.create(token,
					new CreateApiKeyRequest(run.serviceAccountId(), settings.description(), scopes,
							(settings.expiry() != null) ? settings.expiry().instant() : null),
					run.keyIdempotencyKey()));
		}
		catch (RuntimeException ex) {
			this.limiter.release(userName);
			throw ex;
		}
		run.keyIssued(new IssuedKey(created.apiKey().id(), run.serviceAccountId(), run.serviceAccountName(),
				run.folderId(), settings.scopes(), run.roles(), settings.expiry(), created.apiKey().expiresAt(),
				this.clock.instant(), created.apiKey().maskedSecret()));
		return created;
	}

}
