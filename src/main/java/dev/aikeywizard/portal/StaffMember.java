package dev.aikeywizard.portal;

import java.util.Locale;

import org.springframework.security.oauth2.core.user.OAuth2User;

/**
 * Who signed in, as Yandex ID says ({@code login:info}, {@code login:email}): all portal mode takes from a staff
 * member's sign-in.
 *
 * @param userId the Yandex user id (the principal name)
 * @param login the Yandex login, lowercased; empty when Yandex ID gave none
 * @param email the default e-mail, lowercased; empty when not granted
 */
public record StaffMember(String userId, String login, String email) {

	public static StaffMember of(OAuth2User user) {
		return new StaffMember(user.getName(), lower(user.getAttribute("login")), lower(user.getAttribute("default_email")));
	}

	private static String lower(Object value) {
		return (value != null) ? value.toString().strip().toLowerCase(Locale.ROOT) : "";
	}

	/** The domain of the e-mail address, empty without one. */
	public String emailDomain() {
		int at = this.email.lastIndexOf('@');
		return (at > 0) ? this.email.substring(at + 1) : "";
	}

}
