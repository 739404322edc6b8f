package dev.aikeywizard.audit;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit's CSV: what users typed stays text in a spreadsheet, and reads back as it was. */
class KeyAuditCsvTests {

	@ParameterizedTest
	@ValueSource(strings = { "=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx" })
	void aValueASpreadsheetWouldRunAsAFormulaIsWrittenAsText(String formula) {
		Map<String, String> row = parse(csv(entry(formula, formula + "@example.com"))).get(0);
		assertThat(row.get("login")).isEqualTo("'" + formula);
		assertThat(row.get("email")).isEqualTo("'" + formula + "@example.com");
	}

	@Test
	void commasQuotesAndLineBreaksReadBackAsTheyWere() {
		String odd = "a,b \"c\"\nd";
		Map<String, String> row = parse(csv(entry("anna.petrova", odd))).get(0);
		assertThat(row.get("login")).isEqualTo("anna.petrova");
		assertThat(row.get("email")).isEqualTo(odd);
	}

	@Test
	void anEmptyAuditIsTheHeaderAlone() {
		assertThat(csv().strip()).isEqualTo(String.join(",", KeyAuditCsv.COLUMNS));
	}

	static List<Map<String, String>> parse(String csv) {
		CsvMapper mapper = new CsvMapper();
		try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
			.with(CsvSchema.emptySchema().withHeader())
			.readValues(csv)) {
			return rows.readAll();
		}
	}

	private static String csv(KeyAuditEntry... entries) {
		StringWriter out = new StringWriter();
		KeyAuditCsv.write(List.of(entries), out);
		return out.toString();
	}

	private static KeyAuditEntry entry(String login, String email) {
		return new KeyAuditEntry(1L, "ISSUED:k", KeyAction.ISSUED, Instant.parse("2026-12-01T00:00:00Z"), "42", login,
				email, "b1gfolder", "ajesa", "sa", "ai.languageModels.user", "yc.ai.languageModels.execute", null, "k",
				null, "****xyz789");
	}

}
