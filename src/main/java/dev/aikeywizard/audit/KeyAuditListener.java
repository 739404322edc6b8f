package dev.aikeywizard.audit;

import dev.aikeywizard.wizard.key.KeyIssued;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Writes the key events to the audit.
 * <p>
 * <b>Synchronous, and no transactional listener.</b> A key is issued by an HTTP call to Yandex Cloud, not in a
 * database transaction, so there is no commit to wait for: a {@code @TransactionalEventListener} would never run
 * (it drops events published outside a transaction). Recording in the issuing request, before the page with the
 * secret goes out, means an issued key is on record once the user has it: an asynchronous queue would lose the
 * entries still queued when an instance stops. The cost is one insert in the run's lock, bounded by the pool's
 * connection timeout and the statement timeout ({@code application.yml}), so a database that is down or hung delays
 * the key by a few seconds and never fails it: every failure here is logged (with the key id and user id, which are
 * no secrets) and swallowed. The same event recorded twice (a retried request) is one row ({@code event_key} is
 * unique).
 * <p>
 * The key lifecycle's {@code KeyRotated}, {@code KeyRevoked} and {@code KeyExpiryChanged} get a method each here,
 * recording {@link KeyAction#ROTATED}, {@link KeyAction#REVOKED} and {@link KeyAction#EXPIRY_CHANGED} rows.
 */
@Component
class KeyAuditListener {

	private static final Logger log = LoggerFactory.getLogger(KeyAuditListener.class);

	private final KeyAuditLog audit;

	KeyAuditListener(KeyAuditLog audit) {
		this.audit = audit;
	}

	@EventListener
	void onIssued(KeyIssued issued) {
		record(new KeyAuditEntry(null, KeyAction.ISSUED + ":" + issued.keyId(), KeyAction.ISSUED, issued.issuedAt(),
				issued.userId(), issued.login(), issued.email(), issued.folderId(), issued.serviceAccountId(),
				issued.serviceAccountName(), KeyAuditEntry.joined(issued.roles()),
				KeyAuditEntry.joined(issued.scopes()), issued.expiresAt(), issued.keyId(), null,
				issued.maskedEnding()));
	}

	private void record(KeyAuditEntry entry) {
		try {
			this.audit.record(entry);
		}
		catch (RuntimeException ex) {
			log.error("The audit could not record {} of key {} for user {}: {}", entry.action(), entry.keyId(),
					entry.userId(), ex.toString());
		}
	}

}
