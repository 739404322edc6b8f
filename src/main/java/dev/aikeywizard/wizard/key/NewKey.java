package dev.aikeywizard.wizard.key;

/**
 * A key this request just made: its secret, for the one page that shows it, and its first check, already on its way.
 * Lives only until that page is rendered; never prints the secret.
 */
public final class NewKey {

	private final String secret;

	private final KeyVerifier.FirstCheck firstCheck;

	NewKey(String secret, KeyVerifier.FirstCheck firstCheck) {
		this.secret = secret;
		this.firstCheck = firstCheck;
	}

	String secret() {
		return this.secret;
	}

	KeyVerifier.FirstCheck firstCheck() {
		return this.firstCheck;
	}

	@Override
	public String toString() {
		return "NewKey[secret=<redacted>]";
	}

}
