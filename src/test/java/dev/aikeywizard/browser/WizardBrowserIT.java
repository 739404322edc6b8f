package dev.aikeywizard.browser;

import java.util.ArrayList;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole wizard in a real browser against the real server and the sandbox, one sandbox user per scenario. */
class WizardBrowserIT extends BrowserTestSupport {

	private int keysIn(String persona) {
		String current = this.driver.getWindowHandle();
		this.driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
		this.driver.get(url("/sandbox"));
		int count = Integer.parseInt(waitFor(testId("keys-count-" + persona)).getText().strip());
		this.driver.close();
		this.driver.switchTo().window(current);
		return count;
	}

	@Test
	void readyUserGetsAVerifiedKeyInFourClicks() {
		signInAs("ready");
		waitFor(testId("express"));
		assertThat(this.driver.getCurrentUrl()).endsWith("/wizard/cloud");
		snap("2-cloud");
		assertAccessible();
		click(testId("express"));
		WebElement secret = waitFor(testId("secret"));
		assertThat(secret.getDomProperty("value")).isNotBlank();
		assertThat(waitForVerification()).isEqualTo("success");
		snap("6-key");
		assertAccessible();
		click(testId("copy"));
		assertThat(this.driver.findElement(testId("copy")).getDomAttribute("data-copied")).isEqualTo("true");
		assertThat(this.clicks).isEqualTo(4);

		// Refresh after the result: the key's details, never its secret again.
		String value = secret.getDomProperty("value");
		this.driver.navigate().refresh();
		waitFor(testId("already-issued"));
		assertThat(this.driver.findElements(testId("secret"))).isEmpty();
		assertThat(this.driver.getPageSource()).doesNotContain(value);
		// Back does not show it either.
		this.driver.navigate().back();
		assertThat(this.driver.getPageSource()).doesNotContain(value);
	}

	@Test
	void trialUserWalksEveryStepByHand() {
		// The expiry is the end of the day in the browser's time zone, which app.js fills in as the scope form is sent
		((org.openqa.selenium.chromium.ChromiumDriver) this.driver).executeCdpCommand("Emulation.setTimezoneOverride",
				java.util.Map.of("timezoneId", "Asia/Tokyo"));
		signInAs("trial");
		waitFor(testId("express"));
		this.driver.get(url("/wizard/billing"));
		waitFor(testId("billing-accounts"));
		snap("1-billing");
		assertAccessible();
		click(testId("next"));
		waitFor(testId("express"));
		click(testId("next"));
		WebElement name = waitFor(By.id("name"));
		assertThat(name.getDomProperty("value")).matches("ai-[a-z0-9-]+-\\d{8}");
		snap("3-service-account");
		assertAccessible();
		// live validation as the user types
		name.clear();
		name.sendKeys("Bad_");
		new org.openqa.selenium.support.ui.WebDriverWait(this.driver, PATIENCE)
			.until((d) -> !d.findElements(By.cssSelector("#name-feedback .field-error")).isEmpty());
		name.clear();
		name.sendKeys("trial-sa-" + System.nanoTime() % 100000);
		click(testId("next"));
		waitFor(By.id("role-ai.languageModels.user"));
		assertThat(this.driver.findElement(By.id("role-ai.languageModels.user")).isSelected()).isTrue();
		snap("4-roles");
		assertAccessible();
		click(testId("next"));
		waitFor(By.id("scope-yc.ai.languageModels.execute"));
		assertThat(this.driver.findElement(By.id("scope-yc.ai.languageModels.execute")).isSelected()).isTrue();
		snap("5-scope");
		assertAccessible();
		click(testId("next"));
		waitFor(testId("secret"));
		assertThat(this.driver.findElement(By.id("wizard-main")).getText()).contains("Asia/Tokyo");
		assertThat(waitForVerification()).isEqualTo("success");
	}

	@Test
	void userWithoutBillingIsToldWhatIsMissing() {
		signInAs("nobilling");
		WebElement guidance = waitFor(testId("billing-guidance"));
		assertThat(guidance.getText()).contains("Billing");
		assertThat(this.driver.findElements(testId("next"))).isEmpty();
		assertAccessible();
	}

	@Test
	void viewerIsToldWhichRoleIsMissing() {
		signInAs("viewer");
		click(testId("express"));
		WebElement problem = waitFor(testId("problem"));
		assertThat(problem.getText()).contains("iam.serviceAccounts.admin");
		snap("viewer-problem");
		assertThat(this.driver.findElements(testId("retry"))).isNotEmpty();
		assertAccessible();
	}

	@Test
	void flakyUpstreamStillEndsWithExactlyOneKey() {
		signInAs("flaky");
		waitFor(testId("express"));
		int before = keysIn("flaky");
		click(testId("express"));
		waitFor(testId("secret"));
		assertThat(waitForVerification()).isEqualTo("success");
		assertThat(keysIn("flaky")).isEqualTo(before + 1);
	}

	@Test
	void whenIamRefusesTheSignInTokenTheUserConnectsTheCloudAndGetsAKey() {
		this.driver.get(url("/"));
		click(testId("sign-in"));
		click(testId("refuse-exchange"));
		click(testId("persona-ready"));
		WebElement link = waitFor(testId("cloud-oauth-link"));
		assertAccessible();
		String href = link.getDomProperty("href");
		String wizard = this.driver.getWindowHandle();
		this.driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
		this.driver.get(href);
		click(testId("persona-ready"));
		String token = waitFor(testId("cloud-oauth-token")).getDomProperty("value");
		this.driver.close();
		this.driver.switchTo().window(wizard);
		this.driver.findElement(testId("connect-token")).sendKeys(token);
		click(testId("next"));
		click(testId("express"));
		waitFor(testId("secret"));
		assertThat(waitForVerification()).isEqualTo("success");
	}

	@Test
	void everyPageSwitchesToRussian() {
		signInAs("ready");
		waitFor(testId("express"));
		this.driver.findElement(By.cssSelector("a[lang='ru']")).click();
		assertThat(waitFor(By.id("step-heading")).getText()).isEqualTo("Облако и каталог");
		assertThat(this.driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("ru");
		assertAccessible();
	}

	@Test
	void theLandingPageIsAccessibleAndOffersSignIn() {
		this.driver.get(url("/"));
		waitFor(testId("sign-in"));
		snap("0-landing");
		assertAccessible();
	}

	@Test
	void noScriptRunsInline() {
		signInAs("ready");
		waitFor(testId("express"));
		var inline = new ArrayList<String>();
		for (WebElement script : this.driver.findElements(By.tagName("script"))) {
			if (script.getDomAttribute("src") == null) {
				inline.add(script.getDomProperty("outerHTML"));
			}
		}
		assertThat(inline).isEmpty();
	}

}
