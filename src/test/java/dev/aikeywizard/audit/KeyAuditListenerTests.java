package dev.aikeywizard.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.aikeywizard.keys.KeyExpiryChanged;
import dev.aikeywizard.keys.KeyRevoked;
import dev.aikeywizard.keys.KeyRotated;
import dev.aikeywizard.wizard.key.KeyIssued;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** What the audit makes of a key the wizard issued, and that a database failure stays the audit's problem. */
class KeyAuditListenerTests {

	final KeyAuditLog audit = mock(KeyAuditLog.class);

	static final Instant NOW = Instant.parse("2026-12-02T09:30:00Z");

	final KeyAuditListener listener = new KeyAuditListener(this.audit, Clock.fixed(NOW, ZoneOffset.UTC));

	static final KeyIssued ISSUED = new KeyIssued("1984526703", "anna.petrova", "anna.petrova@yandex.ru",
			Instant.parse("2026-12-01T10:00:00Z"), "b1gfolder", "ajesa", "ai-anna-petrova-20261201",
			List.of("ai.imageGeneration.user", "ai.languageModels.user"), List.of("yc.ai.languageModels.execute"),
			Instant.parse("2027-03-01T00:00:00Z"), "ajekey", "****xyz789");

	@Test
	void anIssuedKeyIsOneIssuedEntryKeyedByItsId() {
		this.listener.onIssued(ISSUED);
		ArgumentCaptor<KeyAuditEntry> recorded = ArgumentCaptor.forClass(KeyAuditEntry.class);
		verify(this.audit).record(recorded.capture());
		KeyAuditEntry entry = recorded.getValue();
		assertThat(entry.id()).isNull();
		assertThat(entry.eventKey()).isEqualTo("ISSUED:ajekey");
		assertThat(entry.action()).isEqualTo(KeyAction.ISSUED);
		assertThat(entry.occurredAt()).isEqualTo(ISSUED.issuedAt());
		assertThat(entry.userId()).isEqualTo("1984526703");
		assertThat(entry.login()).isEqualTo("anna.petrova");
		assertThat(entry.email()).isEqualTo("anna.petrova@yandex.ru");
		assertThat(entry.folderId()).isEqualTo("b1gfolder");
		assertThat(entry.serviceAccountId()).isEqualTo("ajesa");
		assertThat(entry.serviceAccountName()).isEqualTo("ai-anna-petrova-20261201");
		assertThat(entry.roleList()).containsExactly("ai.imageGeneration.user", "ai.languageModels.user");
		assertThat(entry.scopeList()).containsExactly("yc.ai.languageModels.execute");
		assertThat(entry.expiresAt()).isEqualTo(ISSUED.expiresAt());
		assertThat(entry.keyId()).isEqualTo("ajekey");
		assertThat(entry.replacesKeyId()).isNull();
		assertThat(entry.maskedEnding()).isEqualTo("****xyz789");
	}

	@Test
	void rotationsRevocationsAndExpiryChangesAreRecordedToo() {
		this.listener.onRotated(new KeyRotated("1984526703", "b1gfolder", "ajesa", "ajeold", "ajenew", "****new123",
				Instant.parse("2027-03-01T00:00:00Z")));
		this.listener.onRevoked(new KeyRevoked("1984526703", "b1gfolder", "ajesa", "ajeold", "****old123"));
		this.listener.onExpiryChanged(new KeyExpiryChanged("1984526703", "b1gfolder", "ajesa", "ajenew", "****new123",
				Instant.parse("2027-03-01T00:00:00Z"), Instant.parse("2027-04-01T00:00:00Z")));
		ArgumentCaptor<KeyAuditEntry> recorded = ArgumentCaptor.forClass(KeyAuditEntry.class);
		verify(this.audit, times(3)).record(recorded.capture());
		List<KeyAuditEntry> entries = recorded.getAllValues();
		assertThat(entries).extracting(KeyAuditEntry::action)
			.containsExactly(KeyAction.ROTATED, KeyAction.REVOKED, KeyAction.EXPIRY_CHANGED);
		assertThat(entries.get(0).keyId()).isEqualTo("ajenew");
		assertThat(entries.get(0).replacesKeyId()).isEqualTo("ajeold");
		assertThat(entries.get(1).eventKey()).isEqualTo("REVOKED:ajeold");
		assertThat(entries.get(2).expiresAt()).isEqualTo(Instant.parse("2027-04-01T00:00:00Z"));
		assertThat(entries).allSatisfy((entry) -> {
			assertThat(entry.occurredAt()).isEqualTo(NOW);
			assertThat(entry.userId()).isEqualTo("1984526703");
			assertThat(entry.maskedEnding()).startsWith("****");
		});
	}

	@Test
	void aDatabaseThatIsDownIsLoggedAndNeverReachesTheIssuer() {
		when(this.audit.record(any())).thenThrow(new DataAccessResourceFailureException("connection refused"));
		assertThatCode(() -> this.listener.onIssued(ISSUED)).doesNotThrowAnyException();
	}

}
