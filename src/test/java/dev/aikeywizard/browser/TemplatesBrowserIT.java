package dev.aikeywizard.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 in a real browser: least-privilege templates through express, the exports on the key page, Lockbox instead
 * of the screen, and the access-policy refusal.
 */
class TemplatesBrowserIT extends BrowserTestSupport {

	@Test
	void textAndImagesTemplateGivesAVerifiedKeyWithExactlyItsScopesAndExports() {
		signInAs("ready");
		WebElement recommended = waitFor(testId("template-text"));
		assertThat(recommended.isSelected()).as("least privilege preselected").isTrue();
		assertAccessible();
		click(testId("template-text-images"));
		click(testId("express"));
		waitFor(testId("secret"));
		assertThat(waitForVerification()).isEqualTo("success");
		String page = this.driver.getPageSource();
		assertThat(page).contains("yc.ai.languageModels.execute", "yc.ai.imageGeneration.execute")
			.doesNotContain("yc.ai.foundationModels.execute");
		assertThat(waitFor(testId("export-yc")).getDomProperty("href")).endsWith("/wizard/key/export/yc");
		assertThat(waitFor(testId("export-terraform")).getDomProperty("href")).endsWith("/wizard/key/export/terraform");
		snap("templates-key");
		assertAccessible();
	}

	@Test
	void allAiStudioTemplateIsVerifiedWithAiModelsUser() {
		signInAs("trial");
		click(testId("template-all-ai"));
		click(testId("express"));
		waitFor(testId("secret"));
		assertThat(waitForVerification()).isEqualTo("success");
		assertThat(this.driver.getPageSource()).contains("yc.ai.foundationModels.execute");
	}

	/** Speech and Translate and Vision have no free check: the key is issued with exactly the template's scopes. */
	@ParameterizedTest
	@CsvSource({ "speech, yc.ai.speechkitStt.execute yc.ai.speechkitTts.execute",
			"translate-vision, yc.ai.translate.execute yc.ai.vision.execute" })
	void templatesWithoutAFreeCheckGiveAKeyWithExactlyTheirScopes(String template, String scopes) {
		signInAs("taken"); // a persona no other test here makes keys for
		click(testId("template-" + template));
		click(testId("express"));
		waitFor(testId("secret"));
		assertThat(waitForVerification()).isEqualTo("not_checkable");
		String page = this.driver.getPageSource();
		assertThat(page).contains(scopes.split(" ")).doesNotContain("yc.ai.languageModels.execute");
	}

	@Test
	void lockboxInsteadOfTheScreenShowsWhereTheSecretIsAndNeverTheSecret() {
		// A persona no other test here uses: its folder holds no account of the wizard's yet.
		signInAs("managed");
		waitFor(testId("express"));
		click(testId("next"));
		WebElement name = waitFor(By.id("name"));
		name.clear();
		name.sendKeys("lockbox-sa-" + System.nanoTime() % 100000);
		click(testId("next"));
		waitFor(By.id("role-ai.languageModels.user"));
		click(testId("next"));
		waitFor(testId("lockbox"));
		snap("lockbox-scope");
		assertAccessible();
		click(testId("lockbox"));
		click(testId("next"));
		String secretId = waitFor(testId("lockbox-secret-id")).getText();
		assertThat(secretId).isNotBlank();
		assertThat(this.driver.findElements(testId("secret"))).isEmpty();
		assertThat(this.driver.getPageSource()).doesNotContain("AQVN")
			.contains("yc lockbox payload get --id " + secretId, "lockbox.payloadViewer");
		snap("lockbox-result");
		assertAccessible();
	}

	@Test
	void anAccessPolicyThatForbidsApiKeysIsExplained() {
		signInAs("policy");
		click(testId("express"));
		WebElement problem = waitFor(testId("problem"));
		assertThat(problem.getText()).contains("access policy");
		snap("policy-problem");
	}

}
