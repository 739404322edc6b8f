package dev.aikeywizard.portal;

import java.nio.file.Path;

/**
 * The operator's key file cannot be used: names the file and what is wrong with it, and never carries any of the
 * private key (nor an exception whose message could quote it).
 */
class OperatorKeyFileException extends IllegalStateException {

	OperatorKeyFileException(Path file, String problem) {
		this(file, problem, null);
	}

	/** {@code cause} must be one whose message cannot hold the file's content (an I/O failure, say). */
	OperatorKeyFileException(Path file, String problem, Throwable cause) {
		super("The portal's service-account key file " + ((file != null) ? file.toAbsolutePath() : "")
				+ " (app.portal.service-account-key-file) cannot be used: " + problem, cause);
	}

}
