package dev.aikeywizard.audit;

import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.domain.Page;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit's migrations and queries, the same on every database it runs on (H2 by default, PostgreSQL in
 * production): a subclass supplies the database.
 */
abstract class KeyAuditLogContract {

	static final Instant DEC_1_START = Instant.parse("2026-12-01T00:00:00Z");

	abstract KeyAuditLog audit();

	abstract JdbcTemplate jdbc();

	@BeforeEach
	void empty() {
		jdbc().update("DELETE FROM key_audit");
	}

	@Test
	void theMigrationRanOnceAndMadeTheTable() {
		List<Map<String, Object>> history = jdbc()
			.queryForList("SELECT \"version\", \"success\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL");
		assertThat(history).extracting((row) -> row.get("version").toString()).containsExactlyInAnyOrder("1", "2");
		assertThat(history).allSatisfy((row) -> assertThat(row.get("success")).isEqualTo(Boolean.TRUE));
		assertThat(jdbc().queryForObject("SELECT COUNT(*) FROM key_audit", Long.class)).isZero();
	}

	@Test
	void anEntryIsStoredWithEveryFieldAndReadBack() {
		assertThat(audit().record(issued("ajekey1", "1984526703", "Anna.Petrova", DEC_1_START.plusSeconds(3661))))
			.isTrue();
		List<KeyAuditEntry> all = audit().newest(KeyAuditFilter.ALL, 10);
		assertThat(all).hasSize(1);
		KeyAuditEntry stored = all.get(0);
		assertThat(stored.id()).isNotNull();
		assertThat(stored.eventKey()).isEqualTo("ISSUED:ajekey1");
		assertThat(stored.action()).isEqualTo(KeyAction.ISSUED);
		assertThat(stored.occurredAt()).isEqualTo(Instant.parse("2026-12-01T01:01:01Z"));
		assertThat(stored.userId()).isEqualTo("1984526703");
		assertThat(stored.login()).as("logins are kept in lower case").isEqualTo("anna.petrova");
		assertThat(stored.email()).isEqualTo("anna.petrova@yandex.ru");
		assertThat(stored.folderId()).isEqualTo("b1gfolder");
		assertThat(stored.serviceAccountId()).isEqualTo("ajesa");
		assertThat(stored.serviceAccountName()).isEqualTo("ai-anna-petrova");
		assertThat(stored.roleList()).containsExactly("ai.imageGeneration.user", "ai.languageModels.user");
		assertThat(stored.scopeList()).containsExactly("yc.ai.languageModels.execute");
		assertThat(stored.expiresAt()).isEqualTo(Instant.parse("2027-03-01T00:00:00Z"));
		assertThat(stored.keyId()).isEqualTo("ajekey1");
		assertThat(stored.maskedEnding()).isEqualTo("****xyz789");
	}

	@Test
	void rotationsRevocationsAndExpiryChangesAreStoredWithoutRolesOrScopes() {
		// As KeyAuditListener records them: the key, who and where, but no roles or scopes (refused before V2).
		assertThat(audit().record(new KeyAuditEntry(null, "REVOKED:ajekey1", KeyAction.REVOKED, DEC_1_START, "1",
				"anna", null, "b1gfolder", "ajesa", null, null, null, null, "ajekey1", null, "****xyz789")))
			.isTrue();
		assertThat(audit().record(new KeyAuditEntry(null, "ROTATED:ajekey2", KeyAction.ROTATED,
				DEC_1_START.plusSeconds(1), "1", "anna", null, "b1gfolder", "ajesa", null, null, null,
				Instant.parse("2027-03-01T00:00:00Z"), "ajekey2", "ajekey1", "****abc123")))
			.isTrue();
		List<KeyAuditEntry> all = audit().newest(KeyAuditFilter.ALL, 10);
		assertThat(all).extracting(KeyAuditEntry::action).containsExactly(KeyAction.ROTATED, KeyAction.REVOKED);
		assertThat(all.get(0).replacesKeyId()).isEqualTo("ajekey1");
		assertThat(all.get(1).roleList()).isEmpty();
		assertThat(all.get(1).scopeList()).isEmpty();
	}

	@Test
	void theSameEventRecordedTwiceIsOneRow() {
		KeyAuditEntry entry = issued("ajekey1", "1", "anna", DEC_1_START);
		assertThat(audit().record(entry)).isTrue();
		assertThat(audit().record(entry)).isFalse();
		assertThat(audit().newest(KeyAuditFilter.ALL, 10)).hasSize(1);
	}

	@Test
	void aUserIsFoundByIdOrByLoginInAnyCaseAndNobodyElse() {
		audit().record(issued("k1", "1984526703", "anna.petrova", DEC_1_START));
		audit().record(issued("k2", "1984526711", "ivan.smirnov", DEC_1_START.plusSeconds(1)));
		audit().record(issued("k3", "1984526703", "anna.petrova", DEC_1_START.plusSeconds(2)));
		assertThat(keys(new KeyAuditFilter("1984526703", null, null))).containsExactly("k3", "k1");
		assertThat(keys(new KeyAuditFilter(" Anna.Petrova ", null, null))).containsExactly("k3", "k1");
		assertThat(keys(new KeyAuditFilter("ivan.smirnov", null, null))).containsExactly("k2");
		assertThat(keys(new KeyAuditFilter("anna", null, null))).as("no partial matches").isEmpty();
		assertThat(keys(new KeyAuditFilter("' OR '1'='1", null, null))).isEmpty();
	}

	@Test
	void aDateRangeIncludesBothDaysWholeInUtc() {
		audit().record(issued("nov30-last", "1", "a", Instant.parse("2026-11-30T23:59:59.999Z")));
		audit().record(issued("dec1-first", "1", "a", DEC_1_START));
		audit().record(issued("dec2-last", "1", "a", Instant.parse("2026-12-02T23:59:59.999Z")));
		audit().record(issued("dec3-first", "1", "a", Instant.parse("2026-12-03T00:00:00Z")));
		LocalDate dec1 = LocalDate.of(2026, 12, 1);
		LocalDate dec2 = LocalDate.of(2026, 12, 2);
		assertThat(keys(new KeyAuditFilter(null, dec1, dec2))).containsExactly("dec2-last", "dec1-first");
		assertThat(keys(new KeyAuditFilter(null, dec1, dec1))).containsExactly("dec1-first");
		assertThat(keys(new KeyAuditFilter(null, null, LocalDate.of(2026, 11, 30)))).containsExactly("nov30-last");
		assertThat(keys(new KeyAuditFilter(null, LocalDate.of(2026, 12, 3), null))).containsExactly("dec3-first");
		assertThat(keys(new KeyAuditFilter("a", dec2, null))).containsExactly("dec3-first", "dec2-last");
	}

	@Test
	void pagesHoldFiftyNewestFirst() {
		for (int i = 0; i < KeyAuditLog.PAGE_SIZE + 3; i++) {
			audit().record(issued("k" + i, "1", "a", DEC_1_START.plusSeconds(i)));
		}
		Page<KeyAuditEntry> first = audit().page(KeyAuditFilter.ALL, 0);
		assertThat(first.getTotalElements()).isEqualTo(KeyAuditLog.PAGE_SIZE + 3);
		assertThat(first.getContent()).hasSize(KeyAuditLog.PAGE_SIZE);
		assertThat(first.getContent().get(0).keyId()).isEqualTo("k" + (KeyAuditLog.PAGE_SIZE + 2));
		Page<KeyAuditEntry> second = audit().page(KeyAuditFilter.ALL, 1);
		assertThat(second.getContent()).extracting(KeyAuditEntry::keyId).containsExactly("k2", "k1", "k0");
		assertThat(audit().newest(KeyAuditFilter.ALL, 2)).extracting(KeyAuditEntry::keyId)
			.containsExactly("k" + (KeyAuditLog.PAGE_SIZE + 2), "k" + (KeyAuditLog.PAGE_SIZE + 1));
	}

	@Test
	void theCsvOfAQueryHasAHeaderAndOneLinePerEntry() {
		audit().record(issued("k1", "1984526703", "anna.petrova", DEC_1_START));
		audit().record(issued("k2", "1984526711", "ivan.smirnov", DEC_1_START.plusSeconds(60)));
		StringWriter csv = new StringWriter();
		KeyAuditCsv.write(audit().newest(new KeyAuditFilter("ivan.smirnov", null, null), 10), csv);
		assertThat(csv.toString().lines().findFirst()).hasValue(String.join(",", KeyAuditCsv.COLUMNS));
		List<Map<String, String>> rows = KeyAuditCsvTests.parse(csv.toString());
		assertThat(rows).hasSize(1);
		assertThat(rows.get(0)).containsEntry("occurred_at", "2026-12-01T00:01:00Z")
			.containsEntry("action", "ISSUED")
			.containsEntry("user_id", "1984526711")
			.containsEntry("login", "ivan.smirnov")
			.containsEntry("roles", "ai.imageGeneration.user ai.languageModels.user")
			.containsEntry("scopes", "yc.ai.languageModels.execute")
			.containsEntry("expires_at", "2027-03-01T00:00:00Z")
			.containsEntry("key_id", "k2")
			.containsEntry("replaces_key_id", "")
			.containsEntry("masked_ending", "****xyz789");
	}

	private List<String> keys(KeyAuditFilter filter) {
		return audit().newest(filter, 100).stream().map(KeyAuditEntry::keyId).toList();
	}

	static KeyAuditEntry issued(String keyId, String userId, String login, Instant at) {
		return new KeyAuditEntry(null, "ISSUED:" + keyId, KeyAction.ISSUED, at, userId, login,
				"anna.petrova@yandex.ru", "b1gfolder", "ajesa", "ai-anna-petrova",
				"ai.imageGeneration.user ai.languageModels.user", "yc.ai.languageModels.execute",
				Instant.parse("2027-03-01T00:00:00Z"), keyId, null, "****xyz789");
	}

}
