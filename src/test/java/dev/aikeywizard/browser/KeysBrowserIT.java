package dev.aikeywizard.browser;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * My keys in a real browser, as the keeper (three keys: used an hour ago, never used, idle and about to expire):
 * the list with last use, extend, rotate (the secret once, the old key still listed), then revoke the old key.
 */
class KeysBrowserIT extends BrowserTestSupport {

	List<WebElement> rows() {
		return this.driver.findElements(testId("key-row"));
	}

	WebElement row(String keyId) {
		return this.driver.findElement(By.cssSelector("[data-testid='key-row'][data-key-id='" + keyId + "']"));
	}

	void clickAndAccept(By by) {
		click(by);
		new WebDriverWait(this.driver, PATIENCE).until(ExpectedConditions.alertIsPresent()).accept();
	}

	@Test
	void listExtendRotateAndRevoke() {
		signInAs("keeper");
		waitFor(testId("my-keys"));
		click(testId("my-keys"));
		waitFor(testId("keys"));
		assertThat(rows()).hasSize(3);
		assertThat(rows()).extracting((r) -> r.findElement(testId("last-used")).getText()).contains("never")
			.filteredOn((text) -> text.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}"))
			.hasSize(2);
		assertThat(this.driver.findElements(By.cssSelector("[data-badge='expiresSoon']"))).hasSize(1);
		snap("keys-1-list");
		assertAccessible();

		// extend the first key's expiry in place
		String first = rows().get(0).getDomAttribute("data-key-id");
		row(first).findElement(testId("extend")).click();
		WebElement date = waitFor(testId("expires-on"));
		String until = LocalDate.now(ZoneOffset.UTC).plusDays(120).toString();
		((JavascriptExecutor) this.driver).executeScript("arguments[0].value = arguments[1]", date, until);
		assertAccessible();
		click(testId("confirm"));
		waitFor(testId("done"));
		assertThat(row(first).findElement(testId("expires")).getText()).startsWith(until);

		// rotate it: the successor's secret once, the old key still listed
		row(first).findElement(testId("rotate")).click();
		waitFor(testId("confirm"));
		click(testId("confirm"));
		WebElement secret = waitFor(testId("secret"));
		String value = secret.getDomProperty("value");
		assertThat(value).isNotBlank();
		click(testId("copy"));
		assertThat(this.driver.findElement(testId("copy")).getDomAttribute("data-copied")).isEqualTo("true");
		String successor = this.driver.findElement(testId("successor-id")).getText();
		snap("keys-2-rotated");
		assertAccessible();
		clickAndAccept(testId("back-to-keys"));
		waitFor(testId("keys"));
		assertThat(rows()).hasSize(4);
		assertThat(this.driver.getPageSource()).doesNotContain(value);
		assertThat(row(successor).findElement(testId("last-used")).getText()).isEqualTo("never");

		// revoke the old key after a confirmation that names it
		row(first).findElement(testId("revoke")).click();
		waitFor(testId("revoke-question"));
		assertThat(this.driver.findElement(testId("revoke-question")).getText()).contains(first);
		assertAccessible();
		click(testId("confirm"));
		waitFor(testId("done"));
		assertThat(rows()).hasSize(3);
		assertThat(this.driver.findElements(By.cssSelector("[data-key-id='" + first + "']"))).isEmpty();
		snap("keys-3-revoked");
	}

}
