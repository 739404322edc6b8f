package dev.aikeywizard.sandbox;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The read-only overview page and the slow persona. */
class SandboxPageTests extends SandboxTestSupport {

	@Test
	void overviewShowsWhatTheWizardDidButNeverTheSecret() throws Exception {
		String iam = iamToken("ready");
		String folder = folderId(iam, "default");
		String saId = createServiceAccount(iam, folder, "shown-sa");
		grant(iam, folder, saId, "ai.languageModels.user");
		String secret = createApiKey(iam, "{\"serviceAccountId\":\"" + saId + "\",\"scopes\":[\"yc.ai.languageModels.execute\"]}")
			.get("secret")
			.asString();

		Resp page = send("GET", "/sandbox", null, null);
		assertThat(page.status()).isEqualTo(200);
		assertThat(count(page.body(), "sa-count-ready")).isEqualTo("1");
		assertThat(count(page.body(), "keys-count-ready")).isEqualTo("1");
		assertThat(count(page.body(), "bindings-count-ready")).isEqualTo("1");
		assertThat(count(page.body(), "keys-count-trial")).isEqualTo("0");
		assertThat(page.body()).contains("shown-sa", saId, "ai.languageModels.user", "****" + secret.substring(34))
			.doesNotContain(secret);
	}

	@Test
	void slowPersonaDelaysEveryCall() throws Exception {
		String iam = iamToken("slow");
		long start = System.nanoTime();
		assertThat(get("/sandbox/resource-manager/resource-manager/v1/clouds", iam).status()).isEqualTo(200);
		assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
	}

	static String count(String html, String testId) {
		Matcher matcher = Pattern.compile("data-testid=\"" + testId + "\">(\\d+)<").matcher(html);
		assertThat(matcher.find()).as(testId).isTrue();
		return matcher.group(1);
	}

}
