package dev.aikeywizard.wizard.key;

import java.time.Duration;

/**
 * At most {@code app.wizard.keys-per-hour} keys per user in any sliding hour: a guard against a runaway script or a
 * stolen session minting keys, not a quota the cloud itself enforces. It counts intents to create a key (the run's
 * Idempotency-Key for it), so a retry of the same creation is not counted twice, and a creation whose outcome is
 * unknown stays counted: only a creation the cloud definitely refused is given back.
 */
interface KeyAllowance {

	/** The sliding window the limit applies to. */
	Duration WINDOW = Duration.ofHours(1);

	/** Counts {@code intent} against the user's hour; false when the hour's allowance is used up. */
	boolean take(String userId, String intent);

	/** Gives back an intent the cloud refused (no key was created for it). */
	void giveBack(String userId, String intent);

	int limit();

}
