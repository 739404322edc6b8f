package dev.aikeywizard.support;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.aikeywizard.support.WizardHttpClient.Exchange;

/**
 * The step-by-step path walked over HTTP as a browser with htmx walks it (boosted forms sent with htmx's headers,
 * redirects followed with the same headers, the progress page's polls after the delay it asks for, the key page's
 * verification on load), one user action at a time, each from the click to the next usable page, with the upstream
 * calls each action made (from an {@link UpstreamCallLog}).
 * <p>
 * The actions: sign-in (the persona clicked on the Yandex ID page) to the cloud step; Next on the cloud step (folder
 * chosen) to the service-account step; "Create" to the roles step (through the operation's progress page); "Grant"
 * to the scope step (likewise); "Create key" to a verified key.
 */
public final class StepByStepWalk {

	/** The user actions of one walk, in order. */
	public enum Action {

		SIGN_IN("sign-in (persona clicked) to the cloud step"),
		CHOOSE_FOLDER("choose folder: Next to the service-account step"),
		CREATE_SERVICE_ACCOUNT("create service account to the roles step"),
		GRANT_ROLES("grant roles to the scope step"),
		CREATE_KEY("scope and expiry: create key to a verified key");

		private final String label;

		Action(String label) {
			this.label = label;
		}

		public String label() {
			return this.label;
		}

	}

	/**
	 * One user action: how long from the click to the next usable page, the upstream calls it made (by API and
	 * method), when each was made, and the page it ended on.
	 */
	public record Step(Action action, long nanos, Map<String, Integer> calls, List<String> timeline, Exchange page) {
	}

	private static final Pattern NAME_INPUT = Pattern.compile("<input id=\"name\" name=\"name\"[^>]*value=\"([^\"]*)\"");

	private static final Pattern VERIFY_STATE = Pattern.compile("data-state=\"([a-z_]+)\"");

	private final WizardHttpClient browser;

	private final String base;

	private final UpstreamCallLog log;

	/** The CSRF token of the last full page, for signing out. */
	private String csrf = "";

	public StepByStepWalk(String base, UpstreamCallLog log) {
		this.base = base;
		this.browser = new WizardHttpClient(base);
		this.log = log;
	}

	public WizardHttpClient browser() {
		return this.browser;
	}

	/**
	 * Walks {@code persona} from sign-in to a verified key with the service account's suggested name, the role
	 * {@code ai.languageModels.user}, its scope and an expiry 30 days ahead.
	 * @throws AssertionError when an action does not end on the page it should
	 */
	public List<Step> walk(String persona) {
		List<Step> steps = new ArrayList<>();
		Exchange authorize = this.browser.openSignIn();
		Step signIn = time(Action.SIGN_IN, () -> this.browser.choosePersona(authorize, persona, false));
		steps.add(expect(signIn, "/wizard/cloud"));
		String cloud = signIn.page().body();
		Step folder = time(Action.CHOOSE_FOLDER, () -> click("/wizard/cloud", Map.of("cloudId",
				WizardHttpClient.selected(cloud, "cloudId").orElseThrow(), "folderId",
				WizardHttpClient.selected(cloud, "folderId").orElseThrow(), "_csrf", WizardHttpClient.csrf(cloud))));
		steps.add(expect(folder, "/wizard/service-account"));
		Matcher name = NAME_INPUT.matcher(folder.page().body());
		if (!name.find()) {
			throw new AssertionError("no suggested name on " + folder.page().body());
		}
		Step account = time(Action.CREATE_SERVICE_ACCOUNT, () -> settle(click("/wizard/service-account",
				Map.of("name", name.group(1), "description", "", "_csrf", WizardHttpClient.csrf(folder.page().body())))));
		steps.add(expect(account, "/wizard/roles"));
		Step roles = time(Action.GRANT_ROLES, () -> settle(click("/wizard/roles",
				Map.of("roles", "ai.languageModels.user", "_csrf", WizardHttpClient.csrf(account.page().body())))));
		steps.add(expect(roles, "/wizard/scope"));
		this.csrf = WizardHttpClient.csrf(roles.page().body());
		Step key = time(Action.CREATE_KEY, () -> verified(click("/wizard/key", Map.of("scopes",
				"yc.ai.languageModels.execute", "expiresOn",
				LocalDate.now(ZoneOffset.UTC).plusDays(30).toString(), "description", "step by step", "_csrf",
				WizardHttpClient.csrf(roles.page().body())))));
		steps.add(key);
		if (!key.page().body().contains("data-state=\"success\"")) {
			throw new AssertionError("the key was not verified: " + key.page().body());
		}
		return steps;
	}

	/** Signs out, so that the next walk signs in afresh. */
	public void signOut() {
		this.browser.post("/logout", Map.of("_csrf", this.csrf), Map.of());
	}

	private Step time(Action action, Supplier<Exchange> click) {
		this.log.clear();
		long start = System.nanoTime();
		Exchange page = click.get();
		long nanos = System.nanoTime() - start;
		return new Step(action, nanos, this.log.counts(), this.log.timeline(), page);
	}

	/** The action ended on the page at {@code path}: where the browser went, or the URL htmx pushed for a swap. */
	private static Step expect(Step step, String path) {
		String shown = step.page().headers().getOrDefault("hx-push-url", List.of(step.page().uri())).get(0);
		if (!shown.endsWith(path)) {
			throw new AssertionError(step.action() + " ended on " + shown + " (" + step.page().status()
					+ "), not " + path + ": " + step.page().body());
		}
		return step;
	}

	/** A boosted form: htmx sends it with its headers and follows the redirect with the same headers. */
	private Exchange click(String action, Map<String, String> form) {
		return followHx(this.browser.post(action, form, hx(action)));
	}

	private Exchange followHx(Exchange first) {
		Exchange current = first;
		for (int i = 0; i < 10 && current.status() / 100 == 3; i++) {
			String next = java.net.URI.create(current.uri()).resolve(current.location()).toString();
			current = this.browser.get(next, hx(next));
		}
		return current;
	}

	private Map<String, String> hx(String url) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("HX-Request", "true");
		headers.put("HX-Boosted", "true");
		headers.put("HX-Current-URL", url.startsWith("http") ? url : this.base + url);
		return headers;
	}

	/** The progress page polls after the delay it asks for until the step it waits for is the page. */
	private Exchange settle(Exchange page) {
		Exchange current = page;
		long deadline = System.nanoTime() + 60_000_000_000L;
		while (current.body().contains("data-testid=\"progress\"") && System.nanoTime() < deadline) {
			sleep(WizardHttpClient.pollDelay(current.body()));
			Map<String, String> headers = new LinkedHashMap<>(hx(this.base + "/wizard/progress"));
			headers.remove("HX-Boosted");
			headers.put("X-CSRF-TOKEN", WizardHttpClient.csrf(current.body()));
			current = followHx(this.browser.post("/wizard/progress", Map.of(), headers));
		}
		return current;
	}

	/**
	 * The key page arrives with the key checked once; while "pending" it checks again on load and 2 s after each
	 * "pending"; returns the last answer of the check.
	 */
	private Exchange verified(Exchange keyPage) {
		Matcher shown = VERIFY_STATE.matcher(keyPage.body());
		if (shown.find() && !"pending".equals(shown.group(1))) {
			return keyPage; // checked before the page went out
		}
		String secret = WizardHttpClient.secret(keyPage.body())
			.orElseThrow(() -> new AssertionError("no secret on " + keyPage.body()));
		String csrf = WizardHttpClient.csrf(keyPage.body());
		long deadline = System.nanoTime() + 30_000_000_000L;
		Exchange answer;
		do {
			answer = this.browser.post("/wizard/verify", Map.of("secret", secret),
					Map.of("HX-Request", "true", "X-CSRF-TOKEN", csrf, "HX-Current-URL", this.base + "/wizard/key"));
			Matcher state = VERIFY_STATE.matcher(answer.body());
			if (!state.find() || !"pending".equals(state.group(1)) || System.nanoTime() > deadline) {
				return answer;
			}
			sleep(2000);
		}
		while (true);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
