package dev.aikeywizard.keys;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The .ics reminder follows RFC 5545: CRLF lines of at most 75 octets, escaped text, the event and its alarm. */
class KeyReminderTests {

	static final Instant EXPIRES = Instant.parse("2027-03-01T20:59:59Z");

	String calendar(String serviceAccountName) {
		return KeyReminder.calendar("ajekey00000000000001", "****a1B2c3", serviceAccountName, "b1gfolder0000000001",
				EXPIRES, Instant.parse("2026-12-02T08:00:00.123Z"), "http://localhost:8080/keys?folderId=b1gfolder0000000001");
	}

	@Test
	void anEventAtTheExpiryInstantWithADisplayAlarmSevenDaysBefore() {
		String ics = calendar("ai-chatbot");
		assertThat(ics).startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:").endsWith("END:VCALENDAR\r\n");
		String unfolded = ics.replace("\r\n ", "");
		assertThat(unfolded).contains("\r\nDTSTART:20270301T205959Z\r\n")
			.contains("\r\nDTSTAMP:20261202T080000Z\r\n")
			.contains("\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-P7D\r\n")
			.contains("ajekey00000000000001")
			.contains("b1gfolder0000000001")
			.contains("****a1B2c3");
		assertThat(ics.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
	}

	@Test
	void textIsEscapedAndLongLinesAreFoldedAt75Octets() {
		String ics = calendar("name, with; a \\ and\nnewline and Кириллица that makes this line long enough to fold");
		assertThat(ics.replace("\r\n ", "")).contains("name\\, with\\; a \\\\ and\\nnewline");
		for (String line : ics.split("\r\n")) {
			assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75);
		}
	}

}
