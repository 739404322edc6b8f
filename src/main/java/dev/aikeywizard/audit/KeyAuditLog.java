package dev.aikeywizard.audit;

import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * The key audit's table: records entries (once per event key) and reads them newest first, by filter, a page at a
 * time or capped for an export. Logins are stored and matched in lower case (Yandex logins ignore letter case), so
 * the login index serves the filter.
 */
@Service
public class KeyAuditLog {

	/** Rows per page of {@code /admin/audit}. */
	public static final int PAGE_SIZE = 50;

	/** The most rows one CSV export holds; a narrower filter gets the rest. */
	public static final int EXPORT_LIMIT = 10_000;

	private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("occurredAt"), Sort.Order.desc("id"));

	private static final Logger log = LoggerFactory.getLogger(KeyAuditLog.class);

	private final JdbcAggregateOperations jdbc;

	KeyAuditLog(JdbcAggregateOperations jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores {@code entry} unless an entry with its event key is stored already (the same event published twice,
	 * e.g. by a retried request): then nothing changes.
	 * @return whether a row was added
	 */
	public boolean record(KeyAuditEntry entry) {
		if (entry.id() != null) {
			throw new IllegalArgumentException("an audit entry is only ever added");
		}
		try {
			this.jdbc.insert(entry.withLowerCaseLogin());
			return true;
		}
		catch (DuplicateKeyException ex) {
			log.debug("Audit event {} is recorded already", entry.eventKey());
			return false;
		}
	}

	/** Page {@code page} (from 0) of the entries {@code filter} selects, newest first. */
	public Page<KeyAuditEntry> page(KeyAuditFilter filter, int page) {
		return this.jdbc.findAll(Query.query(criteria(filter)), KeyAuditEntry.class,
				PageRequest.of(page, PAGE_SIZE, NEWEST_FIRST));
	}

	/** The newest {@code limit} entries {@code filter} selects, newest first. */
	public List<KeyAuditEntry> newest(KeyAuditFilter filter, int limit) {
		return this.jdbc.findAll(Query.query(criteria(filter)).sort(NEWEST_FIRST).limit(limit),
				KeyAuditEntry.class);
	}

	private static Criteria criteria(KeyAuditFilter filter) {
		Criteria criteria = Criteria.empty();
		if (filter.user() != null) {
			criteria = criteria.and(Criteria.where("userId")
				.is(filter.user())
				.or(Criteria.where("login").is(filter.user().toLowerCase(Locale.ROOT))));
		}
		if (filter.fromInstant() != null) {
			criteria = criteria.and(Criteria.where("occurredAt").greaterThanOrEquals(filter.fromInstant()));
		}
		if (filter.untilInstant() != null) {
			criteria = criteria.and(Criteria.where("occurredAt").lessThan(filter.untilInstant()));
		}
		return criteria;
	}

}
