package dev.aikeywizard.audit;

import org.springframework.data.relational.core.mapping.NamingStrategy;
import org.springframework.stereotype.Component;

/**
 * Table and column names as the migrations write them: {@link KeyAuditEntry} is the table {@code key_audit}, fields
 * in snake case. A name derived here (unlike one written in {@code @Table}) gets each database's letter case when it
 * is quoted, so the same mapping finds H2's {@code KEY_AUDIT} and PostgreSQL's {@code key_audit}.
 */
@Component
class AuditTableNames implements NamingStrategy {

	@Override
	public String getTableName(Class<?> type) {
		return (type == KeyAuditEntry.class) ? "key_audit" : NamingStrategy.super.getTableName(type);
	}

}
