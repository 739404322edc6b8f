package dev.aikeywizard.wizard;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Counts wizards left unfinished: a session that ends (timeout or sign-out) with a wizard started but no key
 * issued, tagged with the step it had reached. The tag is the step's path, never an id.
 */
@Component
class AbandonedWizardListener implements HttpSessionListener {

	static final String ABANDONED = "wizard.abandoned";

	private final MeterRegistry meters;

	AbandonedWizardListener(ObjectProvider<MeterRegistry> meters) {
		this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
	}

	@Override
	public void sessionDestroyed(HttpSessionEvent event) {
		Object attribute;
		try {
			attribute = event.getSession().getAttribute(WizardRun.SESSION_ATTRIBUTE);
		}
		catch (IllegalStateException ex) {
			return; // already invalidated
		}
		if (attribute instanceof WizardRun state && state.issuedKey() == null && state.keysIssued() == 0) {
			this.meters.counter(ABANDONED, "step", state.firstIncompleteStep().path()).increment();
		}
	}

}
