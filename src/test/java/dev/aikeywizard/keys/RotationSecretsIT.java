package dev.aikeywizard.keys;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.aikeywizard.sandbox.SandboxProbe;
import dev.aikeywizard.sandbox.SandboxWorlds;
import dev.aikeywizard.support.FreePort;
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
 * The wizard's secret guarantee for rotation (a sibling of {@code SecretsIT}): with every logger that could print it
 * at DEBUG, a rotate page submitted twice, the list and the old key's revoke page read afterwards, the successor's
 * secret is in exactly one response body (sent {@code no-store}) and in no log line, session value, URL or response
 * header, nor in any published event. "In" means any 24-character piece of it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "logging.level.dev.aikeywizard=DEBUG", "logging.level.org.springframework.web=DEBUG",
				"logging.level.org.springframework.security=DEBUG", "logging.level.reactor.netty=DEBUG",
				"logging.level.org.springframework.web.reactive.function.client=DEBUG",
				"logging.level.org.springframework.http=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
class RotationSecretsIT {

	static final int PORT = FreePort.find();

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

		@Bean
		EventRecorder eventRecorder() {
			return new EventRecorder();
		}

	}

	static class EventRecorder {

		final List<Object> events = new ArrayList<>();

		@org.springframework.context.event.EventListener
		void on(KeyRotated event) {
			this.events.add(event);
		}

	}

	@Autowired
	SessionRecorder sessions;

	@Autowired
	EventRecorder events;

	@Autowired
	SandboxWorlds worlds;

	@Test
	void theSuccessorsSecretIsInOneNoStoreResponseAndNowhereElse(CapturedOutput output) {
		List<Exchange> all = new ArrayList<>();
		WizardHttpClient browser = new WizardHttpClient("http://localhost:" + PORT).onExchange(all::add);
		browser.signIn("keeper", false);
		String folderId = SandboxProbe.folderIds(this.worlds, "keeper", "ACTIVE").get(0);
		Exchange list = browser.followSigningIn(browser.get("/keys?folderId=" + folderId), "keeper");
		Matcher row = Pattern.compile("data-key-id=\"([a-z0-9]+)\"").matcher(list.body());
		assertThat(row.find()).isTrue();
		String old = row.group(1);
		Exchange offer = browser.get("/keys/" + old + "/rotate?folderId=" + folderId);
		Matcher action = Pattern.compile("action=\"(/keys/rotations/[-0-9a-f]+)\"").matcher(offer.body());
		assertThat(action.find()).isTrue();
		Map<String, String> csrf = Map.of("_csrf", WizardHttpClient.csrf(offer.body()));
		Exchange rotated = browser.post(action.group(1), csrf, Map.of());
		Exchange again = browser.post(action.group(1), csrf, Map.of());
		String secret = WizardHttpClient.secret(rotated.body()).orElseThrow();
		assertThat(again.status()).isEqualTo(200);
		browser.get("/keys?folderId=" + folderId);
		browser.get("/keys/" + old + "/revoke?folderId=" + folderId);

		List<String> pieces = new ArrayList<>();
		for (int i = 0; i + 24 <= secret.length(); i++) {
			pieces.add(secret.substring(i, i + 24));
		}
		List<Exchange> carrying = all.stream().filter((e) -> pieces.stream().anyMatch(e.body()::contains)).toList();
		assertThat(carrying).singleElement().isSameAs(rotated);
		assertThat(rotated.headers().get("cache-control")).anySatisfy((v) -> assertThat(v).contains("no-store"));
		for (Exchange exchange : all) {
			assertThat(pieces).as("secret in the URL or headers of " + exchange.uri())
				.noneMatch((p) -> exchange.uri().contains(p) || exchange.headersAsText().contains(p));
		}
		String logs = output.getAll();
		assertThat(logs).contains("DEBUG");
		assertThat(pieces).as("secret in the log output").noneMatch(logs::contains);
		for (SessionRecorder.Snapshot snapshot : this.sessions.everything()) {
			String text = snapshot.bytesAsText() + "\n" + snapshot.bytesAsUtf8() + "\n" + snapshot.text();
			assertThat(pieces).as("secret in session attribute " + snapshot.name()).noneMatch(text::contains);
		}
		assertThat(this.events.events).singleElement()
			.satisfies((e) -> assertThat(pieces).noneMatch(e.toString()::contains));
	}

}
