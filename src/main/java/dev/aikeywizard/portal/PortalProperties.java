package dev.aikeywizard.portal;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code app.portal.*}: portal mode, where the app acts with its own service account.
 * <p>
 * Only the operator's credential for now; who may use the portal and what it may grant (allowed logins, folders,
 * roles, scopes, the longest key expiry) will be further components. {@code serviceAccountKeyFile} is checked when
 * portal mode is enabled (by {@link PortalConfiguration}), not here, so a disabled portal needs no key file.
 *
 * @param enabled whether portal mode is on
 * @param serviceAccountKeyFile the authorized key of the app's service account, as
 * {@code yc iam key create --output key.json} writes it
 * @param admins the Yandex logins that may open the key audit ({@code /admin/audit}); empty: nobody. Read in every
 * mode (the audit records the wizard's keys with or without the portal), by {@link PortalAdmins}
 */
@ConfigurationProperties("app.portal")
record PortalProperties(boolean enabled, Path serviceAccountKeyFile, List<String> admins) {

	PortalProperties {
		admins = (admins != null) ? List.copyOf(admins) : List.of();
	}

}
