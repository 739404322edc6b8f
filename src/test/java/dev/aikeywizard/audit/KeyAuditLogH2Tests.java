package dev.aikeywizard.audit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The audit's migrations and queries on H2, the default database (in memory here; a file by default). */
class KeyAuditLogH2Tests extends KeyAuditLogContract {

	static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() {
		context = AuditDatabase.start("jdbc:h2:mem:audit-h2-tests", "sa");
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
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
