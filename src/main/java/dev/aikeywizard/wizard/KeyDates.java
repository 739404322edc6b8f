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

	KeyDates(Clock clock, WizardProperties properties) {
		this.clock = clock;
		this.properties = properties;
	}

	public LocalDate today(ZoneId zone) {
		return LocalDate.now(this.clock.withZone(zone));
	}

	public LocalDate recommended(ZoneId zone) {
		return today(zone).plusDays(this.properties.defaultKeyLifetime().toDays());
	}

	public LocalDate latest(ZoneId zone) {
		return today(zone).plusDays(this.properties.maxKeyLifetime().toDays());
	}

}
