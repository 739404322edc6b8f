package dev.aikeywizard.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Which audit rows to show: by user (a Yandex user id, or a login in any letter case) and by date range, both days
 * included, in UTC. Any part may be absent.
 */
public record KeyAuditFilter(String user, LocalDate from, LocalDate to) {

	public static final KeyAuditFilter ALL = new KeyAuditFilter(null, null, null);

	public KeyAuditFilter {
		user = (user == null || user.isBlank()) ? null : user.strip();
		if (from != null && to != null && from.isAfter(to)) {
			throw new IllegalArgumentException("from must not be after to");
		}
	}

	/** The first instant of {@link #from}, or {@code null}. */
	Instant fromInstant() {
		return (this.from != null) ? this.from.atStartOfDay(ZoneOffset.UTC).toInstant() : null;
	}

	/** The first instant after {@link #to}, or {@code null}. */
	Instant untilInstant() {
		return (this.to != null) ? this.to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant() : null;
	}

}
