package dev.aikeywizard.keys;

/**
 * A request My keys refuses before (or instead of) changing anything: its HTTP status and the message to show.
 * The message arguments are ids and names, never a secret.
 */
public class KeyRefusedException extends RuntimeException {

	private final int status;

	private final String messageKey;

	private final transient Object[] arguments;

	public KeyRefusedException(int status, String messageKey, Object... arguments) {
		super(messageKey);
		this.status = status;
		this.messageKey = messageKey;
		this.arguments = arguments.clone();
	}

	public int status() {
		return this.status;
	}

	public String messageKey() {
		return this.messageKey;
	}

	public Object[] arguments() {
		return this.arguments.clone();
	}

}
