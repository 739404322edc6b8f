package dev.aikeywizard.cloud;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code app.cloud.*}: where each Yandex Cloud API lives and how patiently it is called. Every base URL is the
 * scheme and host (plus an optional path prefix); the client appends the API's own path, e.g.
 * {@code /iam/v1/serviceAccounts}.
 * <p>
 * {@code budget} is the time one user action may spend on upstream calls: every attempt, wait and retry of a call
 * (and every page of a list) fits in it, so an action answers before the reverse proxy gives up (nginx
 * {@code proxy_read_timeout 90s} in deploy/nginx.conf). Callers that make several calls for one action share one
 * deadline through {@link CallDeadline}.
 */
@Validated
@ConfigurationProperties("app.cloud")
public record CloudProperties(@Valid @NotNull @DefaultValue Endpoints endpoints, @Valid @NotNull @DefaultValue Http http,
		@Valid @NotNull @DefaultValue Retry retry, @Valid @NotNull @DefaultValue Polling operation,
		@NotNull @DefaultValue("20s") Duration budget) {

	public CloudProperties {
		requirePositive("app.cloud.budget", budget);
	}

	public record Endpoints(@NotNull @DefaultValue("https://iam.api.cloud.yandex.net") URI iam,
			@NotNull @DefaultValue("https://resource-manager.api.cloud.yandex.net") URI resourceManager,
			@NotNull @DefaultValue("https://billing.api.cloud.yandex.net") URI billing,
			@NotNull @DefaultValue("https://operation.api.cloud.yandex.net") URI operation,
			@NotNull @DefaultValue("https://llm.api.cloud.yandex.net") URI llm,
			@NotNull @DefaultValue("https://lockbox.api.cloud.yandex.net") URI lockbox,
			@NotNull @DefaultValue("https://payload.lockbox.api.cloud.yandex.net") URI lockboxPayload) {

		public Endpoints {
			requireHttpUrl("lockbox", lockbox);
			requireHttpUrl("lockbox-payload", lockboxPayload);
			requireHttpUrl("iam", iam);
			requireHttpUrl("resource-manager", resourceManager);
			requireHttpUrl("billing", billing);
			requireHttpUrl("operation", operation);
			requireHttpUrl("llm", llm);
		}

		private static void requireHttpUrl(String name, URI uri) {
			if (uri != null && (!uri.isAbsolute() || uri.getHost() == null
					|| !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())))) {
				throw new IllegalArgumentException("app.cloud.endpoints." + name
						+ " must be an absolute http(s) URL such as https://" + name + ".api.cloud.yandex.net, got '"
						+ uri + "'");
			}
		}

	}

	/**
	 * One attempt may take at most {@code connectTimeout + readTimeout} (13 s by default), and never more than what
	 * is left of the budget: short enough that an attempt which hangs still leaves room in a 20 s budget for a retry,
	 * long enough for any management call the wizard makes (they answer in well under a second when healthy).
	 */
	public record Http(@NotNull @DefaultValue("3s") Duration connectTimeout,
			@NotNull @DefaultValue("10s") Duration readTimeout) {

		public Http {
			requirePositive("app.cloud.http.connect-timeout", connectTimeout);
			requirePositive("app.cloud.http.read-timeout", readTimeout);
		}

	}

	/**
	 * Retries of UNAVAILABLE, RESOURCE_EXHAUSTED and connection failures only, within the budget. The wait before a
	 * retry is the server's {@code Retry-After} when it sent one, else capped exponential backoff with jitter.
	 */
	public record Retry(@Min(1) @Max(10) @DefaultValue("4") int maxAttempts,
			@NotNull @DefaultValue("200ms") Duration initialBackoff,
			@NotNull @DefaultValue("5s") Duration maxBackoff) {

		public Retry {
			requirePositive("app.cloud.retry.initial-backoff", initialBackoff);
			requirePositive("app.cloud.retry.max-backoff", maxBackoff);
		}

	}

	public record Polling(@NotNull @DefaultValue("100ms") Duration initialInterval,
			@NotNull @DefaultValue("1s") Duration maxInterval, @NotNull @DefaultValue("60s") Duration deadline) {

		public Polling {
			requirePositive("app.cloud.operation.initial-interval", initialInterval);
			requirePositive("app.cloud.operation.max-interval", maxInterval);
			requirePositive("app.cloud.operation.deadline", deadline);
		}

		/** First poll after {@code initialInterval}, each wait {@link PollSchedule#GROWTH} times longer, capped. */
		public PollSchedule schedule() {
			return new PollSchedule(this.initialInterval,
					(this.maxInterval.compareTo(this.initialInterval) < 0) ? this.initialInterval : this.maxInterval);
		}

	}

	private static void requirePositive(String name, Duration value) {
		if (value != null && (value.isZero() || value.isNegative())) {
			throw new IllegalArgumentException(name + " must be a positive duration such as 5s, got " + value);
		}
	}

}
