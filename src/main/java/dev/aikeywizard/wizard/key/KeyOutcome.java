package dev.aikeywizard.wizard.key;

import dev.aikeywizard.wizard.WizardRun;

/**
 * What a request that may issue the key leaves behind: the run, and the new key (its secret and first check) when
 * this request issued it ({@code null} otherwise). Lives only until the response is rendered; never prints the
 * secret.
 */
public record KeyOutcome(WizardRun run, NewKey key) {

	public boolean issuedNow() {
		return this.key != null;
	}

	@Override
	public String toString() {
		return "KeyOutcome[run=" + ((this.run != null) ? this.run.id() : null) + ", key=" + this.key + "]";
	}

}
