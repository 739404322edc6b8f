package dev.aikeywizard.cloud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A Yandex Cloud IAM token and the moment it stops working. The value is a credential: {@link #toString()} never
 * prints it, and it must never be logged, put in a URL, a session or a model.
 */
public record IamToken(String value, Instant expiresAt) {

	public IamToken {
		Objects.requireNonNull(value, "value");
		Objects.requireNonNull(expiresAt, "expiresAt");
	}

	/** True when the token expires within {@code margin} from now. */
	public boolean expiresWithin(Duration margin, Clock clock) {
		return !clock.instant().plus(margin).isBefore(expiresAt);
	}

	@Override
	public String toString() {
		return "IamToken[value=<redacted>, expiresAt=" + expiresAt + "]";
	}

}
