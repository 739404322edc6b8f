package dev.aikeywizard.wizard;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.IamTokenApi;
import dev.aikeywizard.cloud.LockboxApi;
import dev.aikeywizard.cloud.LockboxPayload;
import dev.aikeywizard.sandbox.SandboxProbe;
import dev.aikeywizard.sandbox.SandboxWorlds;
import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.SandboxTokens;
import dev.aikeywizard.support.SessionRecorder;
import dev.aikeywizard.support.WizardHttpClient;
import dev.aikeywizard.support.WizardHttpClient.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Lockbox instead of the screen" end to end over HTTP against the sandbox, with DEBUG logging: the key's secret is
 * readable from the Lockbox payload (with the right role) and appears in no response, header, URL, session value or
 * log line. Without {@code lockbox.editor} (persona nolockbox) the role is named and no key is left; an access policy
 * that forbids API keys (persona policy) is explained and nothing is made.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "app.sandbox.role-propagation-delay=0s", "logging.level.dev.aikeywizard=DEBUG",
				"logging.level.org.springframework.web=DEBUG", "logging.level.org.springframework.http=DEBUG",
				"logging.level.org.springframework.web.reactive.function.client=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
class LockboxIT {

	static final int PORT = FreePort.find();

	static final Pattern SECRET_ID = Pattern.compile("data-testid=\"lockbox-secret-id\">([^<]+)<");

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Probes {

		@Bean
		SessionRecorder sessionRecorder() {
			return new SessionRecorder();
		}

	}

	@Autowired
	SessionRecorder sessions;

	@Autowired
	SandboxWorlds worlds;

	@Autowired
	IamTokenApi iamTokens;

	@Autowired
	LockboxApi lockbox;

	private final List<Exchange> all = new ArrayList<>();

	@Test
	void theSecretGoesToLockboxAndNowhereElse(CapturedOutput output) {
		this.worlds.reset();
		Exchange result = walk("ready", "sa-lockbox");
		assertThat(result.status()).as(result.body()).isEqualTo(200);
		Matcher id = SECRET_ID.matcher(result.body());
		assertThat(id.find()).as(result.body()).isTrue();
		assertThat(result.body()).contains("yc lockbox payload get --id " + id.group(1) + " --key api-key");

		IamToken token = this.iamTokens
			.exchangeOAuthToken(SandboxTokens.cloudOAuthToken("http://localhost:" + PORT, "ready"))
			.block();
		LockboxPayload payload = this.lockbox.payload(token, id.group(1)).block();
		String secret = payload.entries().get(0).textValue();
		assertThat(payload.entries().get(0).key()).isEqualTo("api-key");
		assertThat(secret).startsWith("AQVN").hasSizeGreaterThan(24);
		assertThat(SandboxProbe.counts(this.worlds).get("ready").get(2)).as("keys in the sandbox").isEqualTo(1);

		List<String> needles = List.of(secret, secret.substring(0, 24), secret.substring(secret.length() - 24));
		for (Exchange exchange : this.all) {
			String where = exchange.method() + " " + exchange.uri() + " -> " + exchange.status();
			for (String needle : needles) {
				assertThat(exchange.body()).as("the secret in the body of " + where).doesNotContain(needle);
				assertThat(exchange.headersAsText()).as("the secret in the headers of " + where)
					.doesNotContain(needle);
				assertThat(exchange.uri()).doesNotContain(needle);
			}
		}
		for (SessionRecorder.Snapshot snapshot : this.sessions.everything()) {
			String text = snapshot.bytesAsText() + "\n" + snapshot.bytesAsUtf8() + "\n" + snapshot.text();
			assertThat(needles).as("the secret in session attribute " + snapshot.name()).noneMatch(text::contains);
		}
		String logs = output.getAll();
		assertThat(logs).contains("DEBUG");
		assertThat(needles).as("the secret in the log output").noneMatch(logs::contains);
	}

	@Test
	void withoutLockboxEditorTheRoleIsNamedAndNoKeyIsLeft() {
		this.worlds.reset();
		Exchange result = walk("nolockbox", "sa-no-lockbox");
		assertThat(result.status()).isEqualTo(403);
		assertThat(result.body()).contains("lockbox.editor", "data-testid=\"problem\"");
		assertThat(SandboxProbe.counts(this.worlds).get("nolockbox").get(2)).as("keys in the sandbox").isZero();
	}

	@Test
	void anAccessPolicyThatForbidsApiKeysIsExplained() {
		this.worlds.reset();
		WizardHttpClient browser = new WizardHttpClient("http://localhost:" + PORT).onExchange(this.all::add);
		browser.signIn("policy", false);
		Exchange result = browser.stepByStep("sa-policy", Duration.ofSeconds(60));
		assertThat(result.status()).isEqualTo(403);
		assertThat(result.body()).contains("access policy");
		assertThat(SandboxProbe.counts(this.worlds).get("policy").get(2)).as("keys in the sandbox").isZero();
	}

	/** Step by step (text generation), the key into Lockbox. */
	private Exchange walk(String persona, String serviceAccount) {
		WizardHttpClient browser = new WizardHttpClient("http://localhost:" + PORT).onExchange(this.all::add);
		browser.signIn(persona, false);
		Exchange cloud = browser.follow(browser.get("/wizard/cloud"));
		String cloudId = WizardHttpClient.selected(cloud.body(), "cloudId").orElseThrow();
		String folderId = WizardHttpClient.selected(cloud.body(), "folderId").orElseThrow();
		Exchange account = browser.follow(browser.post("/wizard/cloud",
				Map.of("cloudId", cloudId, "folderId", folderId, "_csrf", WizardHttpClient.csrf(cloud.body())),
				Map.of()));
		Exchange roles = browser.settle(browser.follow(browser.post("/wizard/service-account",
				Map.of("name", serviceAccount, "description", "lockbox test", "_csrf",
						WizardHttpClient.csrf(account.body())),
				Map.of())), Duration.ofSeconds(60));
		Exchange scope = browser.settle(browser.follow(browser.postPairs("/wizard/roles",
				List.of(Map.entry("roles", "ai.languageModels.user"), Map.entry("_csrf", WizardHttpClient.csrf(roles.body()))),
				Map.of())), Duration.ofSeconds(60));
		return browser.follow(browser.post("/wizard/key",
				Map.of("scopes", "yc.ai.languageModels.execute", "expiresOn",
						LocalDate.now(ZoneOffset.UTC).plusDays(30).toString(), "lockbox", "true", "_csrf",
						WizardHttpClient.csrf(scope.body())),
				Map.of()));
	}

}
