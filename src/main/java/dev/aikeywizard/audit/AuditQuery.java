package dev.aikeywizard.audit;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /admin/audit}'s query parameters as typed: {@code user}, {@code from} and {@code to} (ISO dates, e.g.
 * {@code 2026-12-01}) and {@code page} (from 0). {@link #filter()} reads them, or lists what is wrong (message keys),
 * so a bad query is answered with a message and never half-applied.
 */
record AuditQuery(String user, String from, String to, String page) {

	/** Longer than any Yandex user id, login or e-mail. */
	static final int MAX_USER = 320;

	/** Far beyond any audit: a page number above it is a mistake. */
	static final int MAX_PAGE = 100_000;

	/** What {@link #read()} made of the query: a filter and a page, or the problems. */
	record Reading(KeyAuditFilter filter, int page, List<String> problems) {

		boolean valid() {
			return this.problems.isEmpty();
		}

	}

	Reading read() {
		List<String> problems = new ArrayList<>();
		if (this.user != null && this.user.strip().length() > MAX_USER) {
			problems.add("audit.error.user");
		}
		LocalDate fromDate = date(this.from, problems);
		LocalDate toDate = date(this.to, problems);
		if (fromDate != null && toDate != null && fromDate.isAfter(toDate)) {
			problems.add("audit.error.range");
		}
		int pageNumber = 0;
		if (this.page != null && !this.page.isBlank()) {
			try {
				pageNumber = Integer.parseInt(this.page.strip());
			}
			catch (NumberFormatException ex) {
				pageNumber = -1;
			}
			if (pageNumber < 0 || pageNumber > MAX_PAGE) {
				problems.add("audit.error.page");
				pageNumber = 0;
			}
		}
		if (!problems.isEmpty()) {
			return new Reading(KeyAuditFilter.ALL, 0, List.copyOf(problems));
		}
		return new Reading(new KeyAuditFilter(this.user, fromDate, toDate), pageNumber, List.of());
	}

	private static LocalDate date(String text, List<String> problems) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(text.strip());
		}
		catch (DateTimeParseException ex) {
			if (!problems.contains("audit.error.date")) {
				problems.add("audit.error.date");
			}
			return null;
		}
	}

}
