package dev.aikeywizard.wizard;

import java.io.Serial;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A key's expiry as the user means it: the end of the chosen day in the user's time zone (a key made at 23:50 UTC
 * "until tomorrow" lives until tomorrow night, not ten minutes), sent to the cloud as that instant.
 *
 * @param date the last day the key works
 * @param zone the user's time zone (the browser's, UTC without JavaScript)
 */
public record KeyExpiry(LocalDate date, ZoneId zone) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	/** The time zone named by the browser, or UTC when it named none or one Java does not know. */
	public static ZoneId zone(String name) {
		if (name == null || name.isBlank() || name.length() > 64) {
			return ZoneOffset.UTC;
		}
		try {
			return ZoneId.of(name.strip());
		}
		catch (DateTimeException ex) {
			return ZoneOffset.UTC;
		}
	}

	/** The last second of {@link #date} in {@link #zone}. */
	public Instant instant() {
		return this.date.plusDays(1).atStartOfDay(this.zone).toInstant().minusSeconds(1);
	}

}
