package dev.aikeywizard.sandbox;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link SandboxGuardException} into Boot's "APPLICATION FAILED TO START" report: what, and what to do. */
class SandboxGuardFailureAnalyzer extends AbstractFailureAnalyzer<SandboxGuardException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SandboxGuardException cause) {
		StringBuilder description = new StringBuilder(
				"The built-in sandbox (an emulated Yandex ID where anyone signs in as a demo user) is on, "
						+ "because the profile yandex is not active or app.sandbox.enabled=true, and:");
		cause.problems().forEach((problem) -> description.append(System.lineSeparator()).append("  - ").append(problem));
		String action = "For real Yandex ID and Yandex Cloud, activate the profile yandex (e.g. "
				+ "SPRING_PROFILES_ACTIVE=yandex,redis), which turns the sandbox off. For the sandbox, remove the "
				+ "settings listed above. To serve the sandbox to other machines on purpose (a demo), set "
				+ "app.sandbox.allow-remote=true.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

}
