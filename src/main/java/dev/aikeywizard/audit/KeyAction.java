package dev.aikeywizard.audit;

/** What happened to a key, as {@code key_audit.action} stores it (the migration's check constraint lists these). */
public enum KeyAction {

	ISSUED, ROTATED, REVOKED, EXPIRY_CHANGED

}
