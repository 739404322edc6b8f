package dev.aikeywizard.wizard.key;

import java.util.List;
import java.util.Locale;

import dev.aikeywizard.cloud.ApiKeyApi;
import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.CreateLockboxSecretRequest;
import dev.aikeywizard.cloud.CreatedApiKey;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.LockboxApi;
import dev.aikeywizard.cloud.Operation;
import dev.aikeywizard.cloud.OperationApi;
import dev.aikeywizard.wizard.Upstream;
import dev.aikeywizard.wizard.WizardRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * "Lockbox instead of the screen": writes a new key's secret into a new Lockbox secret in the run's folder (one
 * entry, {@value #ENTRY}) and waits for the operation. The secret is in that one request body and nowhere else. When
 * Lockbox refuses, the key is deleted again, so no key exists whose secret nobody has.
 */
@Service
class LockboxDelivery {

	/** The payload entry that holds the key's secret. */
	static final String ENTRY = "api-key";

	private static final Logger log = LoggerFactory.getLogger(LockboxDelivery.class);

	private final LockboxApi lockbox;

	private final OperationApi operations;

	private final ApiKeyApi apiKeys;

	private final Upstream upstream;

	LockboxDelivery(LockboxApi lockbox, OperationApi operations, ApiKeyApi apiKeys, Upstream upstream) {
		this.lockbox = lockbox;
		this.operations = operations;
		this.apiKeys = apiKeys;
		this.upstream = upstream;
	}

	/** Stores the secret of {@code created}; returns the Lockbox secret's id. */
	String store(IamToken token, WizardRun run, CreatedApiKey created) {
		String keyId = created.apiKey().id();
		CreateLockboxSecretRequest request = new CreateLockboxSecretRequest(run.folderId(), secretName(run, keyId),
				"API key " + keyId + " of service account " + run.serviceAccountName() + " (AI key wizard)",
				List.of(new CreateLockboxSecretRequest.PayloadEntry(ENTRY, created.secret())));
		Operation started = this.upstream
			.await(this.lockbox.create(token, request, run.idempotencyKey("lockbox", keyId)));
		Operation done = this.upstream.await(this.operations.awaitDone(token, started));
		String secretId = LockboxApi.secretId(done);
		return (secretId != null) ? secretId : LockboxApi.secretId(started);
	}

	/** Deletes the key whose secret could not be stored; a failure here is logged (the key id, never a secret). */
	void revoke(IamToken token, WizardRun run, String keyId) {
		try {
			this.upstream.await(this.apiKeys.delete(token, keyId, run.idempotencyKey("lockbox-revoke", keyId)));
		}
		catch (CloudException ex) {
			log.warn("Key {} could not be deleted after Lockbox refused its secret: {} HTTP {}", keyId, ex.code(),
					ex.httpStatus());
		}
	}

	private static String secretName(WizardRun run, String keyId) {
		return (run.serviceAccountName() + "-" + keyId).toLowerCase(Locale.ROOT);
	}

}
