package dev.aikeywizard.support;

import java.security.SecureRandom;
import java.util.Base64;

/** The credential encryption key every Redis-backed instance of one test run shares (a fresh one per JVM). */
public final class CredentialKeys {

	public static final String ENCRYPTION_KEY = newKey();

	/** The command-line argument that gives an instance {@link #ENCRYPTION_KEY}. */
	public static final String ARGUMENT = "--app.credentials.encryption-key=" + ENCRYPTION_KEY;

	private CredentialKeys() {
	}

	public static String newKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}
