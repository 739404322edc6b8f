package dev.aikeywizard.wizard.key;

import java.time.Clock;
import java.util.List;

import dev.aikeywizard.cloud.ApiKeyApi;
import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.CreateApiKeyRequest;
import dev.aikeywizard.cloud.CreatedApiKey;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.wizard.IssuePolicy;
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

	private final KeyAllowance allowance;

	private final Upstream upstream;

	private final Clock clock;

	private final IssuePolicy policy;

	KeyIssuer(ApiKeyApi apiKeys, KeyAllowance allowance, Upstream upstream, Clock clock, IssuePolicy policy) {
		this.policy = policy;
		this.apiKeys = apiKeys;
		this.allowance = allowance;
		this.upstream = upstream;
		this.clock = clock;
	}

	/**
	 * Issues the key of {@code run} with its settings.
	 * @param userId whose allowance of keys per hour it counts against (the Yandex user id)
	 * @return the created key with its secret
	 */
	public CreatedApiKey issue(IamToken token, WizardRun run, String userId) {
		KeySettings settings = run.keySettings();
		String intent = run.keyIdempotencyKey();
		this.policy.requireKeySettings(settings, this.clock.instant());
		this.policy.checkAnotherKey(token, run);
		if (!this.allowance.take(userId, intent)) {
			throw new TooManyKeysException(this.allowance.limit());
		}
		CreatedApiKey created;
		try {
			List<String> scopes = settings.scopes().stream().map(KeyScope::id).toList();
			created = this.upstream.await(this.apiKeys.create(token,
					new CreateApiKeyRequest(run.serviceAccountId(), settings.description(), scopes,
							(settings.expiry() != null) ? settings.expiry().instant() : null),
					intent));
		}
		catch (CloudException ex) {
			if (ex.code().refusedWithoutEffect()) {
				this.allowance.giveBack(userId, intent);
			}
			// Otherwise the key may exist (the answer was lost): it stays counted. A retry reuses the intent.
			throw ex;
		}
		run.keyIssued(new IssuedKey(created.apiKey().id(), run.serviceAccountId(), run.serviceAccountName(),
				run.folderId(), settings.scopes(), run.roles(), settings.expiry(), created.apiKey().expiresAt(),
				this.clock.instant(), created.apiKey().maskedSecret()));
		return created;
	}

}
