package dev.aikeywizard.web;

import jakarta.servlet.http.HttpServletRequest;

/** The few htmx request and response headers the app uses. */
public final class Htmx {

	public static final String REQUEST = "HX-Request";

	public static final String PUSH_URL = "HX-Push-Url";

	private Htmx() {
	}

	public static final String HISTORY_RESTORE = "HX-History-Restore-Request";

	/**
	 * True for a request htmx made (boosted or not): answer with a fragment. A history restore (Back to a page
	 * htmx no longer has cached) needs the whole page, so it is not one.
	 */
	public static boolean isHtmx(HttpServletRequest request) {
		return "true".equals(request.getHeader(REQUEST)) && !"true".equals(request.getHeader(HISTORY_RESTORE));
	}

}
