package dev.aikeywizard.wizard;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code app.wizard.*}: product defaults and the links the wizard shows.
 *
 * @param cloudOauthUrl where a user gets a Yandex Cloud OAuth token (the link {@code yc init} uses)
 * @param billingConsoleUrl Yandex Cloud Billing in the console
 * @param defaultKeyLifetime the recommended expiry offered for a new key
 * @param maxKeyLifetime the latest expiry accepted
 * @param verifyTimeout how long the wizard keeps retrying the new key's check while the role propagates
 * @param keysPerHour how many keys one user may create per hour
 * @param operationDeadline how long the wizard waits for an operation before it offers Retry and Back
 * @param lockWait how long a request waits while another request of the same run changes it, before it is answered
 * "still busy"
 */
@Validated
@ConfigurationProperties("app.wizard")
public record WizardProperties(
		@NotNull @DefaultValue("https://oauth.yandex.com/authorize?response_type=token&client_id=1a6990aa636648e9b2ef855fa7bec2fb") URI cloudOauthUrl,
		@NotNull @DefaultValue("https://billing.yandex.cloud/accounts") URI billingConsoleUrl,
		@NotNull @DefaultValue("90d") Duration defaultKeyLifetime, @NotNull @DefaultValue("365d") Duration maxKeyLifetime,
		@NotNull @DefaultValue("30s") Duration verifyTimeout, @Min(1) @DefaultValue("10") int keysPerHour,
		@NotNull @DefaultValue("2m") Duration operationDeadline, @NotNull @DefaultValue("25s") Duration lockWait) {
}
