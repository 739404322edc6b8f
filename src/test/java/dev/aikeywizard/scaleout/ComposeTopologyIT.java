package dev.aikeywizard.scaleout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.aikeywizard.support.Chromium;
import dev.aikeywizard.support.ComposeTopology;
import dev.aikeywizard.support.Nginx;
import dev.aikeywizard.support.SandboxCounts;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topology people deploy, {@code docker-compose.yml}, run without Docker ({@link ComposeTopology}): the built
 * jar as two replicas with the profile {@code redis} and one sandbox, {@code redis-server}, and Debian's nginx on
 * {@code deploy/nginx.conf} (host names and ports mapped to loopback addresses, nothing else changed), each its own
 * process. Real browsers go through nginx only, round-robin over both replicas:
 * <ol>
 * <li>{@code ready} gets a verified key on the express path in four clicks, passing Yandex ID's authorize page once;
 * <li>the replica that completed that sign-in is killed;
 * <li>{@code trial}, in a fresh browser, gets a verified key in four clicks, signing in once;
 * <li>{@code ready} goes on (reload, "Make another key") without passing the authorize page again.
 * </ol>
 * Authorize pages are counted in nginx's access log, per browser (each sends its own user agent). A browser that
 * meets the authorize page again picks its user again, as a person would, so the walk goes on and every count is
 * reported at the end. A failure prints the tail of every process's output and saves each browser's page in
 * {@code target/browser-failures/}.
 */
class ComposeTopologyIT {

	private static final Duration STARTUP = Duration.ofMinutes(3);

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static final String AUTHORIZE = "/sandbox/oauth/authorize";

	private static final String LOGIN = "/oauth2/authorization/yandex";

	private static final String CALLBACK = "/login/oauth2/code/yandex";

	private static final Pattern ASSET = Pattern.compile("/(css|js|webjars|images)/|/favicon\\.ico");

	private static ComposeTopology topology;

	private final List<Visitor> visitors = new ArrayList<>();

	@RegisterExtension
	final TestExecutionExceptionHandler evidence = (context, failure) -> {
		// Before @AfterEach closes the browsers.
		this.visitors.forEach((visitor) -> Chromium.saveEvidence(visitor.driver,
				getClass().getSimpleName() + "-" + visitor.persona));
		System.out.println(topology.report());
		throw failure;
	};

	@BeforeAll
	static void startTopology() {
		topology = ComposeTopology.start(STARTUP);
	}

	@AfterAll
	static void stopTopology() {
		if (topology != null) {
			topology.close();
		}
	}

	@AfterEach
	void closeBrowsers() {
		this.visitors.forEach((visitor) -> visitor.driver.quit());
	}

	@Test
	void usersSignInOnceAndGoOnWhenAReplicaGoesAway() {
		SoftAssertions softly = new SoftAssertions();

		// 1. ready: a verified key through nginx, in four clicks, one sign-in.
		Visitor ready = open("ready");
		String firstSecret = ready.expressKey();
		softly.assertThat(ready.clicks).as("clicks to ready's verified key; " + signIns(ready)).isEqualTo(4);
		softly.assertThat(authorizePages(ready))
			.as("ready's visits of Yandex ID's authorize page to get a key; " + signIns(ready))
			.isEqualTo(1);
		// The secret was in one response only: reloading the result page shows the key, not its secret.
		ready.driver.navigate().refresh();
		ready.await(testId("already-issued"));
		assertThat(ready.driver.findElements(testId("secret"))).isEmpty();
		assertThat(ready.driver.getPageSource()).doesNotContain(firstSecret);

		// 2. The replica where ready signed in goes away.
		String gone = topology.serviceAt(firstRequest(ready, CALLBACK).upstream());
		assertThat(ComposeTopology.REPLICAS).as("the replica that completed ready's sign-in").contains(gone);
		topology.kill(gone);
		assertThat(topology.isAlive(gone)).isFalse();

		// 3. trial, in a fresh browser, through the replica that is left.
		Visitor trial = open("trial");
		trial.expressKey();
		softly.assertThat(trial.clicks).as("clicks to trial's verified key; " + signIns(trial)).isEqualTo(4);
		softly.assertThat(authorizePages(trial))
			.as("trial's visits of Yandex ID's authorize page to get a key; " + signIns(trial))
			.isEqualTo(1);

		// 4. ready goes on where it was, without signing in again.
		int readySignIns = authorizePages(ready);
		ready.driver.navigate().refresh();
		ready.await(testId("already-issued"));
		ready.click(testId("another"));
		ready.await(By.id("scope-yc.ai.languageModels.execute"));
		ready.click(testId("next"));
		String secondSecret = ready.awaitVerifiedKey();
		assertThat(secondSecret).isNotEqualTo(firstSecret);
		softly.assertThat(authorizePages(ready) - readySignIns)
			.as("ready's visits of the authorize page after " + gone + " went away; " + signIns(ready))
			.isZero();

		// Nothing failed on the way, and nothing was made twice.
		softly.assertThat(topology.requests().stream().filter((request) -> request.status() >= 500).toList())
			.as("answers of 500 and above through nginx")
			.isEmpty();
		SandboxCounts readyWorld = SandboxCounts.of(topology.publicUrl(), "ready");
		softly.assertThat(readyWorld.serviceAccounts()).as("ready's service accounts").isEqualTo(1);
		softly.assertThat(readyWorld.keys()).as("ready's keys").isEqualTo(2);
		SandboxCounts trialWorld = SandboxCounts.of(topology.publicUrl(), "trial");
		softly.assertThat(trialWorld.serviceAccounts()).as("trial's service accounts").isEqualTo(1);
		softly.assertThat(trialWorld.keys()).as("trial's keys").isEqualTo(1);
		softly.assertAll();
	}

	private Visitor open(String persona) {
		Visitor visitor = new Visitor(persona);
		this.visitors.add(visitor);
		return visitor;
	}

	/** How often this visitor's browser loaded Yandex ID's authorize page, by nginx's access log. */
	private static int authorizePages(Visitor visitor) {
		return (int) topology.requests()
			.stream()
			.filter((request) -> visitor.sent(request) && "GET".equals(request.method())
					&& AUTHORIZE.equals(request.path()))
			.count();
	}

	/**
	 * Each of the visitor's trips to Yandex ID, by nginx's access log: the request that sent it there (the page whose
	 * "Sign in" it pressed, or a wizard request a replica answered with a sign-in) and the replica that took it back.
	 */
	private static String signIns(Visitor visitor) {
		List<String> trips = new ArrayList<>();
		String from = "?";
		Nginx.Request last = null;
		for (Nginx.Request request : topology.requests()) {
			if (!visitor.sent(request) || ASSET.matcher(request.path()).lookingAt()) {
				continue;
			}
			if (LOGIN.equals(request.path())) {
				from = (last != null) ? describe(last) : "?";
			}
			else if (CALLBACK.equals(request.path())) {
				trips.add((trips.size() + 1) + ". from " + from + ", back through "
						+ topology.serviceAt(request.upstream()));
			}
			else if (!request.path().startsWith("/sandbox")) {
				last = request;
			}
		}
		return visitor.persona + " signed in " + trips.size() + " time(s): " + String.join("; ", trips);
	}

	private static String describe(Nginx.Request request) {
		return request.method() + " " + request.path() + " (" + request.status() + " from "
				+ topology.serviceAt(request.upstream()) + ")";
	}

	private static Nginx.Request firstRequest(Visitor visitor, String path) {
		return topology.requests()
			.stream()
			.filter((request) -> visitor.sent(request) && path.equals(request.path()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("nginx logged no " + path + " of " + visitor.persona));
	}

	private static By testId(String id) {
		return By.cssSelector("[data-testid='" + id + "']");
	}

	/** One person in one browser (fresh profile, no cookies), known to nginx by its user agent. */
	private static final class Visitor {

		private final String persona;

		private final WebDriver driver;

		private final String userAgent;

		private int clicks;

		Visitor(String persona) {
			this.persona = persona;
			this.userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome "
					+ "Safari/537.36 ComposeTopologyIT/" + persona;
			ChromeOptions options = Chromium.options();
			options.addArguments("--user-agent=" + this.userAgent);
			this.driver = Chromium.start(options);
		}

		boolean sent(Nginx.Request request) {
			return this.userAgent.equals(request.userAgent());
		}

		/** Sign in, "Create with recommended settings", Copy: the verified key's secret. */
		String expressKey() {
			this.driver.get(topology.publicUrl() + "/");
			click(testId("sign-in"));
			await(testId("express"));
			assertThat(this.driver.getCurrentUrl()).endsWith("/wizard/cloud");
			click(testId("express"));
			String secret = awaitVerifiedKey();
			click(testId("copy"));
			assertThat(this.driver.findElement(testId("copy")).getDomAttribute("data-copied")).isEqualTo("true");
			return secret;
		}

		/** The secret on the result page, once the page says the key works. */
		String awaitVerifiedKey() {
			String secret = await(testId("secret")).getDomProperty("value");
			assertThat(secret).as("the secret shown to " + this.persona).isNotBlank();
			// htmx replaces the check's element when it ends: read its state in the same look that finds it.
			String[] state = new String[1];
			await((d) -> {
				List<WebElement> found = d.findElements(testId("verify"));
				state[0] = found.isEmpty() ? null : found.get(0).getDomAttribute("data-state");
				return (state[0] != null && !"pending".equals(state[0])) ? found.get(0) : null;
			}, "the key check");
			assertThat(state[0])
				.as(this.persona + "'s key check; " + signIns(this))
				.isEqualTo("success");
			return secret;
		}

		WebElement await(By by) {
			return await(ExpectedConditions.visibilityOfElementLocated(by), by.toString());
		}

		/**
		 * Waits for {@code condition}; meanwhile, each time the browser lands on Yandex ID's authorize page, picks
		 * this visitor's user there (a click, as a person would) and waits on.
		 */
		WebElement await(Function<WebDriver, WebElement> condition, String what) {
			By persona = testId("persona-" + this.persona);
			for (int round = 0; round < 5; round++) {
				WebElement found = new WebDriverWait(this.driver, PATIENCE)
					.ignoring(StaleElementReferenceException.class)
					.withMessage(() -> this.persona + " waiting for " + what + " on " + this.driver.getCurrentUrl()
							+ "; " + signIns(this))
					.until((d) -> {
						WebElement target = condition.apply(d);
						if (target != null) {
							return target;
						}
						return d.getCurrentUrl().contains(AUTHORIZE) ? d.findElement(persona) : null;
					});
				if (!this.driver.getCurrentUrl().contains(AUTHORIZE)) {
					return found;
				}
				click(persona);
			}
			throw new AssertionError(this.persona + " kept landing on the authorize page; " + signIns(this));
		}

		void click(By by) {
			new WebDriverWait(this.driver, PATIENCE).until(ExpectedConditions.elementToBeClickable(by)).click();
			this.clicks++;
		}

	}

}
