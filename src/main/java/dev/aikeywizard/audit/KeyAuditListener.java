package dev.aikeywizard.audit;

import java.time.Clock;
import java.time.Instant;

import dev.aikeywizard.keys.KeyExpiryChanged;
import dev.aikeywizard.keys.KeyRevoked;
import dev.aikeywizard.keys.KeyRotated;
import dev.aikeywizard.wizard.key.KeyIssued;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.user.OAuth2User;
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
 * The key lifecycle's {@code KeyRotated}, {@code KeyRevoked} and {@code KeyExpiryChanged} get a method each here
 * (who: the user id of the event, with the signed-in user's login and e-mail when that is them), recording {@link KeyAction#ROTATED}, {@link KeyAction#REVOKED} and {@link KeyAction#EXPIRY_CHANGED} rows.
 */
@Component
class KeyAuditListener {

	private static final Logger log = LoggerFactory.getLogger(KeyAuditListener.class);

	private final KeyAuditLog audit;

	private final Clock clock;

	KeyAuditListener(KeyAuditLog audit, Clock clock) {
		this.audit = audit;
		this.clock = clock;
	}

	@EventListener
	void onIssued(KeyIssued issued) {
		record(new KeyAuditEntry(null, KeyAction.ISSUED + ":" + issued.keyId(), KeyAction.ISSUED, issued.issuedAt(),
				issued.userId(), issued.login(), issued.email(), issued.folderId(), issued.serviceAccountId(),
				issued.serviceAccountName(), KeyAuditEntry.joined(issued.roles()),
				KeyAuditEntry.joined(issued.scopes()), issued.expiresAt(), issued.keyId(), null,
				issued.maskedEnding()));
	}

	@EventListener
	void onRotated(KeyRotated rotated) {
		Who who = Who.current(rotated.userId());
		record(new KeyAuditEntry(null, KeyAction.ROTATED + ":" + rotated.successorKeyId(), KeyAction.ROTATED,
				this.clock.instant(), rotated.userId(), who.login(), who.email(), rotated.folderId(),
				rotated.serviceAccountId(), null, null, null, rotated.expiresAt(), rotated.successorKeyId(),
				rotated.oldKeyId(), rotated.successorMaskedSecret()));
	}

	@EventListener
	void onRevoked(KeyRevoked revoked) {
		Who who = Who.current(revoked.userId());
		record(new KeyAuditEntry(null, KeyAction.REVOKED + ":" + revoked.keyId(), KeyAction.REVOKED,
				this.clock.instant(), revoked.userId(), who.login(), who.email(), revoked.folderId(),
				revoked.serviceAccountId(), null, null, null, null, revoked.keyId(), null, revoked.maskedSecret()));
	}

	@EventListener
	void onExpiryChanged(KeyExpiryChanged changed) {
		Who who = Who.current(changed.userId());
		Instant now = this.clock.instant();
		// Each change is its own row: the same key may be extended, shortened and extended again.
		record(new KeyAuditEntry(null, KeyAction.EXPIRY_CHANGED + ":" + changed.keyId() + ":" + now.toEpochMilli(),
				KeyAction.EXPIRY_CHANGED, now, changed.userId(), who.login(), who.email(), changed.folderId(),
				changed.serviceAccountId(), null, null, null, changed.expiresAt(), changed.keyId(), null,
				changed.maskedSecret()));
	}

	/** The login and e-mail of the signed-in user who caused the event, when that is who the event names. */
	private record Who(String login, String email) {

		static Who current(String userId) {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			if (authentication != null && authentication.getPrincipal() instanceof OAuth2User user
					&& userId.equals(user.getName())) {
				Object login = user.getAttribute("login");
				Object email = user.getAttribute("default_email");
				return new Who((login != null) ? login.toString() : null, (email != null) ? email.toString() : null);
			}
			return new Who(null, null);
		}

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
