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
import dev.aikeywizard.wizard.PolicyException;
import dev.aikeywizard.wizard.TooManyKeysException;
import dev.aikeywizard.wizard.FoundationRole;
import dev.aikeywizard.wizard.Upstream;
import dev.aikeywizard.wizard.WizardRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Creates the run's key, at most once per intent: the caller holds the run's lock, and the Idempotency-Key is the
 * run's for this key, so a Retry after a lost answer gets the same key back. The returned secret goes to the one
 * response that shows it and nowhere else. Each key it creates is announced as a {@link KeyIssued} event (for the
 * audit), which never holds the secret; a listener that fails is logged and never costs the user the key.
 */
@Service
public class KeyIssuer {

	private final ApiKeyApi apiKeys;

	private final KeyAllowance allowance;

	private final Upstream upstream;

	private final Clock clock;

	private final IssuePolicy policy;

	private final ApplicationEventPublisher events;

	private final KeyVerifier verifier;

	private static final Logger log = LoggerFactory.getLogger(KeyIssuer.class);

	KeyIssuer(ApiKeyApi apiKeys, KeyAllowance allowance, Upstream upstream, Clock clock, IssuePolicy policy,
			ApplicationEventPublisher events, KeyVerifier verifier) {
		this.verifier = verifier;
		this.policy = policy;
		this.apiKeys = apiKeys;
		this.allowance = allowance;
		this.upstream = upstream;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * Issues the key of {@code run} with its settings.
	 * @param requester who asked for it: their allowance of keys per hour it counts against (by Yandex user id), and
	 * who the audit records
	 * @return the created key with its secret
	 */
	public CreatedApiKey issue(IamToken token, WizardRun run, KeyRequester requester) {
		CreatedApiKey created = create(token, run, requester);
		announce(requester, run);
		return created;
	}

	/**
	 * As {@link #issue}, for the page that shows the secret: the key's first check is sent the moment the key
	 * exists, so it is on its way while the key is announced and the run stored.
	 */
	public NewKey issueAndCheck(IamToken token, WizardRun run, KeyRequester requester) {
		CreatedApiKey created = create(token, run, requester);
		KeyVerifier.FirstCheck check = this.verifier.startFirstCheck(created.secret(), run.issuedKey());
		announce(requester, run);
		return new NewKey(created.secret(), check);
	}

	private CreatedApiKey create(IamToken token, WizardRun run, KeyRequester requester) {
		String userId = requester.userId();
		KeySettings settings = run.keySettings();
		String intent = run.keyIdempotencyKey();
		// Again at the last moment (the run may predate a policy change): the folder, the roles, the key's settings
		// and how many keys the user holds.
		if (!this.policy.allowsFolder(run.folderId())) {
			throw new PolicyException("policy.folder", run.folderId());
		}
		this.policy.requireRoles(run.roles());
		this.policy.requireKeySettings(settings, this.clock.instant());
		this.policy.checkAnotherKey(token, userId, run.folderId());
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

	private void announce(KeyRequester requester, WizardRun run) {
		IssuedKey key = run.issuedKey();
		try {
			this.events.publishEvent(new KeyIssued(requester.userId(), requester.login(), requester.email(),
					key.issuedAt(), key.folderId(), key.serviceAccountId(), key.serviceAccountName(),
					key.roles().stream().map(FoundationRole::id).sorted().toList(),
					key.scopes().stream().map(KeyScope::id).sorted().toList(), key.expiresAt(), key.id(),
					KeyIssued.maskOrNull(key.maskedSecret())));
		}
		catch (RuntimeException ex) {
			// The key exists and its secret is about to be shown once: nothing may take that away.
			log.error("A listener of the issue of key {} failed ({}); the key is issued all the same", key.id(),
					ex.getClass().getName());
		}
	}

}
