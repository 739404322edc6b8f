package dev.aikeywizard.portal;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may open the key audit: the Yandex logins of {@code app.portal.admins}. Yandex ID treats a login's letter case,
 * and a dot or a hyphen in it, as the same, so {@code Anna.Petrova} and {@code anna-petrova} are one admin.
 */
public class PortalAdmins {

	private final Set<String> logins;

	PortalAdmins(List<String> logins) {
		this.logins = logins.stream()
			.filter((login) -> login != null && !login.isBlank())
			.map(PortalAdmins::normalized)
			.collect(Collectors.toUnmodifiableSet());
	}

	/** Whether the signed-in user with this Yandex login ({@code null}: unknown) is an admin. */
	public boolean isAdmin(String login) {
		return login != null && this.logins.contains(normalized(login));
	}

	/** Whether anybody is: the page that refuses a user says so differently when nobody is. */
	public boolean any() {
		return !this.logins.isEmpty();
	}

	private static String normalized(String login) {
		return login.strip().toLowerCase(Locale.ROOT).replace('.', '-');
	}

}
