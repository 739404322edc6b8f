package dev.aikeywizard.sandbox;

import java.util.List;

/**
 * The sandbox was asked to run next to real settings or to listen beyond loopback (see {@link SandboxGuard}). Each
 * problem names the setting, and where it came from, never a secret's value.
 */
class SandboxGuardException extends IllegalStateException {

	private final List<String> problems;

	SandboxGuardException(List<String> problems) {
		super("The built-in sandbox (app.sandbox.enabled=true) refuses to start: " + String.join(" ", problems));
		this.problems = List.copyOf(problems);
	}

	List<String> problems() {
		return this.problems;
	}

}
