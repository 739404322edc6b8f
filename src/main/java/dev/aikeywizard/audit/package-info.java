/**
 * The key audit (issue 10): every key the wizard issues (and, as the key lifecycle lands, rotates, revokes or gives
 * another expiry) is a row of {@code key_audit} in a real database (Spring Data JDBC over Flyway migrations; H2 by
 * default, PostgreSQL in production), never with a secret; {@code /admin/audit} shows it to
 * {@code app.portal.admins}, with filters and a CSV export.
 */
package dev.aikeywizard.audit;
