package dev.aikeywizard.security;

/**
 * The user has no usable Yandex Cloud credential: IAM refused to exchange the Yandex ID token, or a pasted IAM token
 * expired. The web layer answers with the "Connect your cloud" step.
 */
public class CloudConnectionRequiredException extends RuntimeException {

	private final Reason reason;

	public CloudConnectionRequiredException(Reason reason) {
		super("a Yandex Cloud credential is needed: " + reason);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	public enum Reason {

		/** IAM did not accept this app's Yandex ID token. */
		EXCHANGE_REFUSED,
		/** A pasted IAM token expired and cannot be renewed. */
		EXPIRED

	}

}
