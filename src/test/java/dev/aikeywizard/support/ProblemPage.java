package dev.aikeywizard.support;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The wizard's problem page as the user sees it, and its Retry button. */
public final class ProblemPage {

	private static final Pattern RETRY_FORM = Pattern
		.compile("(?s)<form[^>]*?action=\"([^\"]*)\"[^>]*?method=\"([^\"]*)\"[^>]*>((?:(?!</form>).)*data-testid=\"retry\".*?)</form>");

	private ProblemPage() {
	}

	/**
	 * The response is the app's own HTML page with the problem banner and a Retry, with status 503 or 504, and
	 * nothing of a stack trace.
	 */
	public static void assertUpstreamProblem(WizardHttpClient.Exchange page) {
		assertThat(page.status()).as("status of %s %s", page.method(), page.uri()).isIn(503, 504);
		assertThat(page.headers().getOrDefault("content-type", java.util.List.of(""))).anySatisfy(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("<html").contains("data-testid=\"problem\"").contains("data-testid=\"retry\"");
		assertNoStackTrace(page);
	}

	public static void assertNoStackTrace(WizardHttpClient.Exchange page) {
		assertThat(page.body()).as("body of %s %s", page.method(), page.uri())
			.doesNotContain("Exception")
			.doesNotContain("at dev.")
			.doesNotContain("at java.")
			.doesNotContain("at org.springframework")
			.doesNotContain("Whitelabel");
		if (page.status() / 100 != 3) {
			assertThat(page.body().strip()).as("a blank page for %s %s", page.method(), page.uri()).isNotEmpty();
		}
	}

	/** Presses Retry: submits the Retry form exactly as the browser would, and follows the redirects. */
	public static WizardHttpClient.Exchange pressRetry(WizardHttpClient browser, WizardHttpClient.Exchange page) {
		Matcher form = RETRY_FORM.matcher(page.body());
		assertThat(form.find()).as("a Retry form on the page").isTrue();
		String action = form.group(1).replace("&amp;", "&");
		Map<String, String> fields = WizardHttpClient.hiddenInputs(form.group(3));
		if ("get".equalsIgnoreCase(form.group(2))) {
			return browser.follow(browser.get(action));
		}
		return browser.follow(browser.post(action, fields, Map.of()));
	}

}
