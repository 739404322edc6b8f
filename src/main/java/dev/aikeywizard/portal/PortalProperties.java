package dev.aikeywizard.portal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code app.portal.*}: portal mode, where the app acts with its own service account for the staff of an
 * organisation, under its policy. {@code serviceAccountKeyFile} is checked when portal mode is enabled (by
 * {@link PortalConfiguration}), not here, so a disabled portal needs no key file.
 *
 * @param enabled whether portal mode is on
 * @param serviceAccountKeyFile the authorized key of the app's service account, as
 * {@code yc iam key create --output key.json} writes it
 * @param allowedLogins Yandex logins that may use the desk
 * @param allowedEmailDomains e-mail domains whose users may use the desk (the part after {@code @}); with both lists
 * empty, nobody may
 * @param contact whom the "not allowed" page tells people to ask (a team, an address)
 * @param folders the folder ids keys may be made in; empty: every folder the app's service account can see
 * @param roles the roles that may be granted
 * @param scopes the scopes a key may have
 * @param maxExpiry the longest a key may live (an expiry is mandatory in portal mode)
 * @param keysPerUser how many unexpired keys a staff member may hold on their service accounts
 * @param serviceAccountPrefix what each staff member's service account name starts with, before their login
 * @param admins the Yandex logins that may open the key audit ({@code /admin/audit}); empty: nobody. Read in every
 * mode (the audit records the wizard's keys with or without the portal), by {@link PortalAdmins}
 */
@ConfigurationProperties("app.portal")
record PortalProperties(boolean enabled, Path serviceAccountKeyFile, @DefaultValue List<String> allowedLogins,
		@DefaultValue List<String> allowedEmailDomains, @DefaultValue("your platform team") String contact,
		@DefaultValue List<String> folders,
		@DefaultValue({ "ai.languageModels.user", "ai.imageGeneration.user" }) List<String> roles,
		@DefaultValue({ "yc.ai.languageModels.execute", "yc.ai.imageGeneration.execute" }) List<String> scopes,
		@DefaultValue("P90D") Duration maxExpiry, @DefaultValue("5") int keysPerUser,
		@DefaultValue("ai-desk-") String serviceAccountPrefix, @DefaultValue List<String> admins) {
}
