package dev.aikeywizard.keys;

import java.time.Clock;

import dev.aikeywizard.cloud.ApiKeyApi;
import dev.aikeywizard.cloud.CreateApiKeyRequest;
import dev.aikeywizard.cloud.CreatedApiKey;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.wizard.IssuePolicy;
import dev.aikeywizard.wizard.Upstream;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Rotate: a successor key on the same service account with the same scopes and a fresh expiry, made once per
 * {@link RotationIntent} (its Idempotency-Key and body were fixed when the rotate page was rendered, and the intent
 * remembers the successor). The old key is left alone: the user revokes it once it is no longer used.
 */
@Service
public class KeyRotation {

	private final ApiKeyApi apiKeys;

	private final KeyLookup lookup;

	private final Upstream upstream;

	private final ApplicationEventPublisher events;

	private final IssuePolicy policy;

	private final Clock clock;

	KeyRotation(ApiKeyApi apiKeys, KeyLookup lookup, Upstream upstream, ApplicationEventPublisher events,
			IssuePolicy policy, Clock clock) {
		this.policy = policy;
		this.clock = clock;
		this.apiKeys = apiKeys;
		this.lookup = lookup;
		this.upstream = upstream;
		this.events = events;
	}

	Rotation rotate(IamToken token, RotationIntent intent) {
		synchronized (intent) {
			OwnedKey old = this.lookup.find(token, intent.userId, intent.folderId, intent.oldKeyId);
			if (intent.successorId() != null) {
				// a double submit: the first one made it (its secret was in that response only)
				return new Rotation(old, this.upstream.await(this.apiKeys.get(token, intent.successorId())), null);
			}
			// A successor is another key: the policy's scopes, expiry and keys per user apply as in the wizard.
			this.policy.requireScopes(old.key().scopes());
			this.policy.requireExpiry(intent.expiresAt, this.clock.instant());
			this.policy.checkAnotherKey(token, intent.userId, old.folderId());
			CreateApiKeyRequest request = new CreateApiKeyRequest(old.account().id(), description(old),
					old.key().scopes(), intent.expiresAt);
			CreatedApiKey created = this.upstream.await(this.apiKeys.create(token, request, intent.idempotencyKey));
			intent.successorId(created.apiKey().id());
			this.events.publishEvent(new KeyRotated(intent.userId, old.folderId(), old.account().id(), old.key().id(),
					created.apiKey().id(), created.apiKey().maskedSecret(), created.apiKey().expiresAt()));
			return new Rotation(old, created.apiKey(), created.secret());
		}
	}

	private static String description(OwnedKey old) {
		String from = "rotated from " + old.key().id();
		String before = (old.key().description() != null) ? old.key().description().strip() : "";
		if (before.isEmpty()) {
			return from;
		}
		String kept = (before.length() > 200) ? before.substring(0, 200) : before;
		return kept + " (" + from + ")";
	}

}
