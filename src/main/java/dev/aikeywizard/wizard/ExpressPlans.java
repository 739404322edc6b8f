package dev.aikeywizard.wizard;

import java.time.LocalDate;
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

	/**
	 * The plan as the page showed it: the expiry date the user saw (when it is still a date a key may have, in their
	 * time zone), otherwise the recommended one.
	 */
	public ExpressPlan asShown(LocalDate shownExpiry, ZoneId zone) {
		return asShown(KeyTemplate.RECOMMENDED, shownExpiry, zone);
	}

	/**
	 * The plan of a fixed {@code template} as the page showed it: its roles and scopes, with the expiry date the user
	 * saw (when it is still a date a key may have, in their time zone), otherwise the recommended one.
	 */
	public ExpressPlan asShown(KeyTemplate template, LocalDate shownExpiry, ZoneId zone) {
		ExpressPlan recommended = recommended(zone);
		ZoneId in = recommended.expiry().zone();
		KeyExpiry expiry = (shownExpiry == null || !shownExpiry.isAfter(this.dates.today(in))
				|| shownExpiry.isAfter(this.dates.latest(in))) ? recommended.expiry() : new KeyExpiry(shownExpiry, in);
		return ExpressPlan.of(template, expiry, recommended.description());
	}

	public String defaultDescription() {
		return this.messages.getMessage("scope.description.default", null, LocaleContextHolder.getLocale());
	}

}
