package dev.aikeywizard.wizard;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import org.springframework.stereotype.Component;

/**
 * Counts wizards left unfinished: a session that ends (timeout or sign-out) with a wizard started but no key
 * issued, tagged with the step it had reached. The tag is the step's path, never an id.
 */
@Component
class AbandonedWizardListener implements HttpSessionListener {

	static final String ABANDONED = "wizard.abandoned";

	private final MeterRegistry meters;

	AbandonedWizardListener(MeterRegistry meters) {
		this.meters = meters;
	}

	@Override
	public void sessionDestroyed(HttpSessionEvent event) {
		Object attribute;
		try {
			attribute = event.getSession().getAttribute(WizardState.SESSION_ATTRIBUTE);
		}
		catch (IllegalStateException ex) {
			return; // already invalidated
		}
		if (attribute instanceof WizardState state && state.issuedKey() == null) {
			this.meters.counter(ABANDONED, "step", state.firstIncompleteStep().path()).increment();
		}
	}

}
