package dev.aikeywizard.audit;

import java.io.Writer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.SequenceWriter;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * The audit as CSV (RFC 4180, a header row, quoting and escaping by Jackson's CSV writer). A spreadsheet would run a
 * cell that starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return as a formula, and
 * logins, e-mails and names come from users: such a value gets a leading {@code '} (OWASP's advice for CSV
 * injection), which shows as text.
 */
final class KeyAuditCsv {

	static final List<String> COLUMNS = List.of("occurred_at", "action", "user_id", "login", "email", "folder_id",
			"service_account_id", "service_account_name", "roles", "scopes", "expires_at", "key_id",
			"replaces_key_id", "masked_ending");

	private static final CsvMapper MAPPER = new CsvMapper();

	private static final CsvSchema SCHEMA = schema();

	private KeyAuditCsv() {
	}

	static void write(List<KeyAuditEntry> entries, Writer out) {
		try (SequenceWriter rows = MAPPER.writerFor(Map.class).with(SCHEMA).writeValues(out)) {
			for (KeyAuditEntry entry : entries) {
				rows.write(row(entry));
			}
		}
	}

	/** {@code value} as a spreadsheet shows it as text, never as a formula. */
	static String inert(String value) {
		if (value == null || value.isEmpty()) {
			return value;
		}
		char first = value.charAt(0);
		return (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r')
				? "'" + value : value;
	}

	private static Map<String, String> row(KeyAuditEntry entry) {
		Map<String, String> row = new LinkedHashMap<>();
		row.put("occurred_at", instant(entry.occurredAt()));
		row.put("action", entry.action().name());
		row.put("user_id", inert(entry.userId()));
		row.put("login", inert(entry.login()));
		row.put("email", inert(entry.email()));
		row.put("folder_id", inert(entry.folderId()));
		row.put("service_account_id", inert(entry.serviceAccountId()));
		row.put("service_account_name", inert(entry.serviceAccountName()));
		row.put("roles", inert(entry.roles()));
		row.put("scopes", inert(entry.scopes()));
		row.put("expires_at", instant(entry.expiresAt()));
		row.put("key_id", inert(entry.keyId()));
		row.put("replaces_key_id", inert(entry.replacesKeyId()));
		row.put("masked_ending", inert(entry.maskedEnding()));
		return row;
	}

	private static String instant(Instant instant) {
		return (instant != null) ? instant.toString() : "";
	}

	private static CsvSchema schema() {
		CsvSchema.Builder builder = CsvSchema.builder();
		COLUMNS.forEach(builder::addColumn);
		return builder.build().withHeader();
	}

}
