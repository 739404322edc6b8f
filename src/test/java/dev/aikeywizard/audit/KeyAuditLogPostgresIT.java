package dev.aikeywizard.audit;

import dev.aikeywizard.support.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit's migrations and queries on a real PostgreSQL (Debian's, started by {@link PostgresServer}), as in
 * production.
 */
class KeyAuditLogPostgresIT extends KeyAuditLogContract {

	static PostgresServer postgres;

	static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() {
		postgres = PostgresServer.start();
		context = AuditDatabase.start(postgres.createDatabase(), postgres.username());
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
		if (postgres != null) {
			postgres.close();
		}
	}

	@Override
	KeyAuditLog audit() {
		return context.getBean(KeyAuditLog.class);
	}

	@Override
	JdbcTemplate jdbc() {
		return context.getBean(JdbcTemplate.class);
	}

}
