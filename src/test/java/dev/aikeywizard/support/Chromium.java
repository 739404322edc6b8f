package dev.aikeywizard.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium through Debian's chromedriver, paths set explicitly (nothing is downloaded), with the
 * flags that stop its background networking. Shared by the browser tests and the topology test.
 */
public final class Chromium {

	public static final Duration PAGE_LOAD = Duration.ofSeconds(60);

	private Chromium() {
	}

	/** The options every browser test starts from; add to them before {@link #start}. */
	public static ChromeOptions options() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-gpu", "--no-first-run",
				"--disable-sync", "--window-size=1280,1000", "--lang=en-US");
		return options;
	}

	/** A new browser (a fresh profile: no cookies) with a page load timeout of {@link #PAGE_LOAD}. */
	public static WebDriver start(ChromeOptions options) {
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")))
			.build();
		WebDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD);
		return driver;
	}

	/** A screenshot and the page source into {@code target/browser-failures/<name>.png|.html}; never throws. */
	public static void saveEvidence(WebDriver driver, String name) {
		if (driver == null) {
			return;
		}
		try {
			Path dir = Files.createDirectories(Path.of("target", "browser-failures"));
			String file = name.replaceAll("[^A-Za-z0-9_-]", "_");
			Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
			Files.copy(png, dir.resolve(file + ".png"), StandardCopyOption.REPLACE_EXISTING);
			Files.writeString(dir.resolve(file + ".html"), "<!-- " + driver.getCurrentUrl() + " -->\n" + driver.getPageSource());
		}
		catch (IOException | RuntimeException ex) {
			// the evidence is a courtesy: never hide the real failure
		}
	}

}
