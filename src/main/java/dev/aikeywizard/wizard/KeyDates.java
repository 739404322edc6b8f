package dev.aikeywizard.wizard;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

import org.springframework.stereotype.Component;

/** Today, the recommended and the latest expiry date, in the user's time zone. */
@Component
public class KeyDates {

	private final Clock clock;

	private final WizardProperties properties;

	private final IssuePolicy policy;

	KeyDates(Clock clock, WizardProperties properties, IssuePolicy policy) {
		this.clock = clock;
		this.properties = properties;
		this.policy = policy;
	}

	public LocalDate today(ZoneId zone) {
		return LocalDate.now(this.clock.withZone(zone));
	}

	public LocalDate recommended(ZoneId zone) {
		LocalDate recommended = today(zone).plusDays(this.properties.defaultKeyLifetime().toDays());
		LocalDate latest = latest(zone);
		return recommended.isAfter(latest) ? latest : recommended;
	}

	/** The latest expiry accepted: the wizard's limit, or the policy's when that is shorter. */
	public LocalDate latest(ZoneId zone) {
		long days = this.properties.maxKeyLifetime().toDays();
		days = this.policy.maxKeyLifetime().map((longest) -> Math.min(longest.toDays(), this.properties.maxKeyLifetime().toDays())).orElse(days);
		return today(zone).plusDays(days);
	}

	/** Whether a key must have an expiry (the policy's rule); otherwise "never expires" may be chosen. */
	public boolean expiryRequired() {
		return this.policy.maxKeyLifetime().isPresent();
	}

}
