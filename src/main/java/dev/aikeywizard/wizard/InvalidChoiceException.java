package dev.aikeywizard.wizard;

/** A form value that does not name something the user may choose (tampered or stale): a 4xx, no mutation. */
public class InvalidChoiceException extends RuntimeException {

	private final String field;

	private final String messageKey;

	public InvalidChoiceException(String field, String messageKey) {
		super(field + ": " + messageKey);
		this.field = field;
		this.messageKey = messageKey;
	}

	public String field() {
		return this.field;
	}

	public String messageKey() {
		return this.messageKey;
	}

}
