package dev.aikeywizard.wizard;

/** The user made as many keys as allowed in the last hour. */
public class TooManyKeysException extends RuntimeException {

	private final int limit;

	public TooManyKeysException(int limit) {
		super("key creation limit of " + limit + " per hour reached");
		this.limit = limit;
	}

	public int limit() {
		return this.limit;
	}

}
