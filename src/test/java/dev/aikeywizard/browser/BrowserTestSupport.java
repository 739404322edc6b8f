package dev.aikeywizard.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.aikeywizard.support.Chromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real app on a free port with the sandbox, driven by Debian's headless Chromium through Debian's chromedriver
 * (paths set explicitly: nothing is downloaded). A failing test leaves a screenshot and the page source in
 * {@code target/browser-failures/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "app.sandbox.slow-delay=300ms", "app.sandbox.role-propagation-delay=1s" })
abstract class BrowserTestSupport {

	static final int PORT = freePort();

	static final Duration PATIENCE = Duration.ofSeconds(60);

	protected WebDriver driver;

	protected int clicks;

	@RegisterExtension
	final TestWatcher screenshots = new TestWatcher() {
		@Override
		public void testFailed(ExtensionContext context, Throwable cause) {
			saveEvidence(context.getDisplayName());
		}
	};

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
	}

	@BeforeEach
	void openBrowser() {
		this.driver = Chromium.start(Chromium.options());
		this.clicks = 0;
	}

	@AfterEach
	void closeBrowser() {
		if (this.driver != null) {
			this.driver.quit();
		}
	}

	String url(String path) {
		return "http://localhost:" + PORT + path;
	}

	WebElement waitFor(By by) {
		return new WebDriverWait(this.driver, PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	static By testId(String id) {
		return By.cssSelector("[data-testid='" + id + "']");
	}

	/** Clicks and counts the click, as a user would. */
	void click(By by) {
		new WebDriverWait(this.driver, PATIENCE).until(ExpectedConditions.elementToBeClickable(by)).click();
		this.clicks++;
	}

	/** Landing page, "Sign in with Yandex ID", then the sandbox user: two clicks. */
	void signInAs(String persona) {
		this.driver.get(url("/"));
		click(testId("sign-in"));
		click(testId("persona-" + persona));
	}

	/** The key check's final state, read in the same look that sees it end (htmx replaces its element then). */
	String waitForVerification() {
		waitFor(testId("verify"));
		return new WebDriverWait(this.driver, PATIENCE).ignoring(StaleElementReferenceException.class).until((d) -> {
			String state = d.findElement(testId("verify")).getDomAttribute("data-state");
			return "pending".equals(state) ? null : state;
		});
	}

	/** axe-core on the current page: no serious or critical violation. */
	void assertAccessible() {
		Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
			.analyze(this.driver);
		List<Rule> bad = results.getViolations()
			.stream()
			.filter((rule) -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
			.toList();
		assertThat(bad).as(() -> this.driver.getCurrentUrl() + ": " + bad.stream()
			.map((rule) -> rule.getId() + " " + rule.getNodes().stream().map((n) -> n.getHtml()).collect(Collectors.joining(" | ")))
			.collect(Collectors.joining("; "))).isEmpty();
	}

	/** A screenshot of the current page into {@code target/screenshots/}, for people reviewing the UI. */
	void snap(String name) {
		try {
			Path dir = Path.of("target", "screenshots");
			Files.createDirectories(dir);
			Path png = ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.FILE).toPath();
			Files.copy(png, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void saveEvidence(String name) {
		Chromium.saveEvidence(this.driver, getClass().getSimpleName() + "-" + name);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
