package dev.aikeywizard.security;

/**
 * The app's own identity (portal mode) could not get an IAM token: its key was refused, or IAM did not answer. Not
 * the user's fault, so no sign-in helps: the page says the desk is unavailable (503) instead of sending the user
 * round the sign-in again and again.
 */
public class ServiceIdentityUnavailableException extends RuntimeException {

	public ServiceIdentityUnavailableException(RuntimeException cause) {
		super("the app's service account could not get an IAM token: " + cause.getClass().getSimpleName(), cause);
	}

}
