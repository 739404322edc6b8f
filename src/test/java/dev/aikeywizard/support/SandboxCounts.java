package dev.aikeywizard.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one persona's sandbox world holds, read off the public {@code /sandbox} page (service accounts, folder role
 * bindings, API keys), so a test can prove nothing was created twice.
 */
public record SandboxCounts(int serviceAccounts, int bindings, int keys) {

	public static SandboxCounts of(String baseUrl, String persona) {
		String page = new WizardHttpClient(baseUrl).get("/sandbox").body();
		return new SandboxCounts(count(page, "sa-count-" + persona), count(page, "bindings-count-" + persona),
				count(page, "keys-count-" + persona));
	}

	public SandboxCounts minus(SandboxCounts before) {
		return new SandboxCounts(this.serviceAccounts - before.serviceAccounts, this.bindings - before.bindings,
				this.keys - before.keys);
	}

	private static int count(String page, String testId) {
		Matcher matcher = Pattern.compile("data-testid=\"" + Pattern.quote(testId) + "\"[^>]*>(\\d+)<").matcher(page);
		if (!matcher.find()) {
			throw new IllegalStateException("no " + testId + " on the sandbox page");
		}
		return Integer.parseInt(matcher.group(1));
	}

}
