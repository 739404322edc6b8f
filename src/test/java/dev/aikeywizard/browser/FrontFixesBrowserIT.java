package dev.aikeywizard.browser;

import java.util.Map;

import dev.aikeywizard.support.Chromium;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 7 in a real browser: the cloud step with and without JavaScript (11a, 11b), the one-time secret (12b). */
class FrontFixesBrowserIT extends BrowserTestSupport {

	/**
	 * Not "ready": WizardBrowserIT's refused-exchange scenario signs "ready" in again in the same app and must not find
	 * a credential this class left behind. Each test also signs out at the end.
	 */
	static final String PERSONA = "trial";

	static final String WARNING = "The key will not be shown again after this page reloads. Copy it first.";

	private Alert alert() {
		return new WebDriverWait(this.driver, PATIENCE).until(ExpectedConditions.alertIsPresent());
	}

	@Test
	void leavingTheKeyPageWhileTheSecretIsShownAsksFirst() {
		signInAs(PERSONA);
		WebElement express = waitFor(testId("express"));
		// choosing a cloud (htmx swaps the folders, the cloud id and the buttons) keeps the express path working
		((JavascriptExecutor) this.driver).executeScript(
				"document.getElementById('cloudId').dispatchEvent(new Event('change', {bubbles: true}))");
		new WebDriverWait(this.driver, PATIENCE).until(ExpectedConditions.stalenessOf(express));
		click(testId("express"));
		// the key page arrives as an htmx swap of #wizard-main: the header is the one of the cloud step
		String secret = waitFor(testId("secret")).getDomProperty("value");
		assertThat(secret).isNotBlank();
		String url = this.driver.getCurrentUrl();

		this.driver.findElement(By.cssSelector("a[lang='ru']")).click();
		Alert asked = alert();
		assertThat(asked.getText()).isEqualTo(WARNING);
		asked.dismiss();
		assertThat(this.driver.getCurrentUrl()).isEqualTo(url);
		assertThat(this.driver.findElement(testId("secret")).getDomProperty("value")).isEqualTo(secret);

		// the stepper and Sign out ask too
		this.driver.findElement(By.cssSelector(".stepper a[href]")).click();
		alert().dismiss();
		this.driver.findElement(testId("logout")).click();
		alert().dismiss();
		assertThat(this.driver.findElement(testId("secret")).getDomProperty("value")).isEqualTo(secret);
		// Copy does not ask
		click(testId("copy"));
		assertThat(this.driver.findElement(testId("copy")).getDomAttribute("data-copied")).isEqualTo("true");

		// confirmed: the page reloads in Russian, without the secret (as promised)
		this.driver.findElement(By.cssSelector("a[lang='ru']")).click();
		alert().accept();
		new WebDriverWait(this.driver, PATIENCE)
			.until(ExpectedConditions.textToBe(By.id("step-heading"), "Ваш API-ключ"));
		assertThat(this.driver.findElements(testId("secret"))).isEmpty();
		assertThat(this.driver.getPageSource()).doesNotContain(secret);
		// and without a secret on the page nothing asks any more
		this.driver.findElement(By.cssSelector("a[lang='en']")).click();
		new WebDriverWait(this.driver, PATIENCE)
			.until(ExpectedConditions.textToBe(By.id("step-heading"), "Your API key"));
		click(testId("logout"));
		waitFor(testId("sign-in"));
	}

	@Test
	void withoutJavaScriptTheCloudIsChosenByAGetWithoutTheCsrfTokenAndNextStillWorks() {
		this.driver.quit();
		ChromeOptions options = Chromium.options();
		options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
		this.driver = Chromium.start(options);

		signInAs(PERSONA);
		waitFor(testId("express"));
		WebElement show = waitFor(By.xpath("//button[normalize-space()='Show folders']"));
		show.click();
		new WebDriverWait(this.driver, PATIENCE).until(ExpectedConditions.urlContains("cloudId="));
		assertThat(this.driver.getCurrentUrl()).doesNotContainIgnoringCase("csrf");
		assertThat(this.driver.getCurrentUrl()).doesNotContain("folderId");
		// Next posts the cloud shown and its folder, with the token in the body
		click(testId("next"));
		waitFor(By.id("name"));
		assertThat(this.driver.getCurrentUrl()).endsWith("/wizard/service-account");
		click(testId("logout"));
		waitFor(testId("sign-in"));
	}

}
