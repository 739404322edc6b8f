package dev.aikeywizard.wizard;

/**
 * A request outside the organisation's policy (portal mode): answered 403 with the rule it breaks, and nothing
 * changes, whatever the page offered.
 */
public class PolicyException extends RuntimeException {

	private final String messageKey;

	private final String detail;

	/**
	 * @param messageKey the message naming the rule ({@code policy.*})
	 * @param detail what the message names as its argument (a role, a scope, a limit), never a secret
	 */
	public PolicyException(String messageKey, String detail) {
		super(messageKey + ": " + detail);
		this.messageKey = messageKey;
		this.detail = detail;
	}

	public String messageKey() {
		return this.messageKey;
	}

	public String detail() {
		return this.detail;
	}

}
