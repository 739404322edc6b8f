package dev.aikeywizard.wizard;

import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * The recommended settings: what the cloud page shows next to "Create with recommended settings" and exactly what
 * the express path then does.
 */
@Component
public class ExpressPlans {

	private final KeyDates dates;

	private final MessageSource messages;

	ExpressPlans(KeyDates dates, MessageSource messages) {
		this.dates = dates;
		this.messages = messages;
	}

	/** The plan for a user in {@code zone} (UTC when unknown). */
	public ExpressPlan recommended(ZoneId zone) {
		ZoneId in = (zone != null) ? zone : ZoneOffset.UTC;
		return ExpressPlan.recommended(new KeyExpiry(this.dates.recommended(in), in), defaultDescription());
	}

	public String defaultDescription() {
		return this.messages.getMessage("scope.description.default", null, LocaleContextHolder.getLocale());
	}

}
