package dev.aikeywizard.keys;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * An expiry reminder as an RFC 5545 calendar: one event at the key's expiry instant (UTC) with a display alarm seven
 * days before, naming the key id, its masked ending, service account and folder. Never the secret. Lines end with
 * CRLF, text values are escaped (backslash, semicolon, comma, newline) and lines longer than 75 octets are folded.
 */
public final class KeyReminder {

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private KeyReminder() {
	}

	/**
	 * @param keyId the key's id
	 * @param maskedSecret its masked ending, e.g. {@code ****a1B2c3} (may be null)
	 * @param link where the user manages the key (My keys)
	 */
	public static String calendar(String keyId, String maskedSecret, String serviceAccountName, String folderId,
			Instant expiresAt, Instant now, String link) {
		String masked = (maskedSecret != null) ? " (" + maskedSecret + ")" : "";
		StringBuilder ics = new StringBuilder();
		line(ics, "BEGIN:VCALENDAR");
		line(ics, "VERSION:2.0");
		line(ics, "PRODID:-//ai-key-wizard//API key expiry reminder//EN");
		line(ics, "CALSCALE:GREGORIAN");
		line(ics, "METHOD:PUBLISH");
		line(ics, "BEGIN:VEVENT");
		line(ics, "UID:" + text(keyId + "-expiry@ai-key-wizard"));
		line(ics, "DTSTAMP:" + UTC.format(now.truncatedTo(ChronoUnit.SECONDS)));
		line(ics, "DTSTART:" + UTC.format(expiresAt.truncatedTo(ChronoUnit.SECONDS)));
		line(ics, "SUMMARY:" + text("Yandex Cloud API key " + keyId + " expires"));
		line(ics, "DESCRIPTION:" + text("The API key " + keyId + masked + " of the service account "
				+ serviceAccountName + " in the folder " + folderId + " expires now. Rotate it before then: " + link));
		line(ics, "URL:" + link);
		line(ics, "BEGIN:VALARM");
		line(ics, "ACTION:DISPLAY");
		line(ics, "TRIGGER:-P7D");
		line(ics, "DESCRIPTION:" + text("The API key " + keyId + " in the folder " + folderId
				+ " expires in 7 days"));
		line(ics, "END:VALARM");
		line(ics, "END:VEVENT");
		line(ics, "END:VCALENDAR");
		return ics.toString();
	}

	/** A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped. */
	static String text(String value) {
		return value.replace("\\", "\\\\")
			.replace(";", "\\;")
			.replace(",", "\\,")
			.replace("\r\n", "\\n")
			.replace("\n", "\\n")
			.replace("\r", "\\n");
	}

	/** Appends a content line folded at 75 octets (§3.1), never splitting a UTF-8 character, ended by CRLF. */
	private static void line(StringBuilder ics, String content) {
		int octets = 0;
		int limit = 75;
		for (int i = 0; i < content.length();) {
			int cp = content.codePointAt(i);
			int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
			if (octets + size > limit) {
				ics.append("\r\n ");
				octets = 1;
				limit = 75;
			}
			ics.appendCodePoint(cp);
			octets += size;
			i += Character.charCount(cp);
		}
		ics.append("\r\n");
	}

}
