package dev.aikeywizard.wizard.key;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.user.OAuth2User;

/**
 * Who asked for a key: the signed-in Yandex user, as Yandex ID described them at sign-in. Public facts only.
 *
 * @param userId the Yandex user id (the principal name; never changes)
 * @param login the Yandex login ({@code login:info}), {@code null} when unknown
 * @param email the default e-mail ({@code login:email}, when granted), else {@code null}
 */
public record KeyRequester(String userId, String login, String email) {

	public KeyRequester {
		if (userId == null || userId.isBlank()) {
			throw new IllegalArgumentException("a key requester needs a Yandex user id");
		}
	}

	/** The signed-in user of {@code user}: its name, and {@code login} and {@code default_email} when it has them. */
	public static KeyRequester of(Authentication user) {
		String login = null;
		String email = null;
		if (user.getPrincipal() instanceof OAuth2User yandex) {
			login = text(yandex.getAttribute("login"));
			email = text(yandex.getAttribute("default_email"));
		}
		return new KeyRequester(user.getName(), login, email);
	}

	private static String text(Object value) {
		return (value instanceof String text && !text.isBlank()) ? text : null;
	}

}
