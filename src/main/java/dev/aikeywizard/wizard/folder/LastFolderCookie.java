package dev.aikeywizard.wizard.folder;

import java.time.Duration;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The last cloud and folder chosen, remembered in a cookie for the next run (ids only). */
public final class LastFolderCookie {

	static final String NAME = "last-folder";

	private LastFolderCookie() {
	}

	public static void remember(HttpServletResponse response, String cloudId, String folderId,
			HttpServletRequest request) {
		Cookie cookie = new Cookie(NAME, cloudId + "." + folderId);
		cookie.setPath("/wizard");
		cookie.setHttpOnly(true);
		cookie.setSecure(request.isSecure());
		cookie.setMaxAge((int) Duration.ofDays(365).toSeconds());
		cookie.setAttribute("SameSite", "Lax");
		response.addCookie(cookie);
	}

}
