package dev.aikeywizard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.WizardHttpClient;
import dev.aikeywizard.support.WizardHttpClient.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operations: liveness and readiness on the main port without sign-in, every actuator endpoint (health, info, metrics
 * of upstream calls and wizard steps) on the management port only, JSON logs; and none of them carries a token, a
 * key's secret or a resource id after a full wizard run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "app.sandbox.role-propagation-delay=200ms", "logging.level.dev.aikeywizard=DEBUG" })
@ActiveProfiles("json-logs")
@ExtendWith(OutputCaptureExtension.class)
class OperationsIT {

	static final int PORT = FreePort.find();

	static final String BASE = "http://localhost:" + PORT;

	/** Shapes of credentials the sandbox hands out: IAM tokens, Yandex OAuth tokens, API-key secrets. */
	static final Pattern CREDENTIAL = Pattern.compile("t1\\.[A-Za-z0-9_\\-]{16,}|y0_[A-Za-z0-9_\\-]{16,}|AQVN[A-Za-z0-9]{16,}");

	static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		// A port of its own (the default 8081 would collide with other test applications).
		registry.add("management.server.port", () -> 0);
	}

	@LocalManagementPort
	int managementPort;

	@Test
	void theMainPortHasTheProbesOnlyAndTheManagementPortEverythingWithoutSignIn() {
		WizardHttpClient anonymous = new WizardHttpClient(BASE);
		for (String probe : List.of("/livez", "/readyz")) {
			Exchange answer = anonymous.get(probe);
			assertThat(answer.status()).as(probe).isEqualTo(200);
			assertThat(answer.body()).as(probe).contains("\"status\":\"UP\"");
		}
		for (String path : List.of("/actuator/metrics", "/actuator/metrics/cloud.client.requests", "/actuator/info",
				"/actuator/health", "/actuator/env")) {
			Exchange answer = anonymous.get(path);
			assertThat(answer.status()).as(path).isIn(302, 401, 404);
			assertThat(answer.body()).as(path).doesNotContain("cloud.client.requests").doesNotContain("\"status\"");
		}

		// Not for any Yandex user either: signed in, the main port has no actuator endpoint at all.
		WizardHttpClient signedIn = new WizardHttpClient(BASE);
		signedIn.signIn("ready", false);
		for (String path : List.of("/actuator", "/actuator/metrics", "/actuator/info", "/actuator/health")) {
			assertThat(signedIn.get(path).status()).as(path).isEqualTo(404);
		}

		WizardHttpClient ops = management();
		for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
			Exchange answer = ops.get(path);
			assertThat(answer.status()).as(path).isEqualTo(200);
			assertThat(answer.body()).as(path).contains("\"status\":\"UP\"");
		}
		assertThat(ops.get("/actuator/info").status()).isEqualTo(200);
		assertThat(ops.get("/actuator/metrics").body()).contains("jvm.memory.used");
		assertThat(ops.get("/actuator/env").status()).isEqualTo(404);
	}

	/** The operators' view: the management port, on loopback, no sign-in. */
	private WizardHttpClient management() {
		return new WizardHttpClient("http://127.0.0.1:" + this.managementPort);
	}

	@Test
	void fullWizardLeavesMetricsAndJsonLogsWithoutSecretsOrIds(CapturedOutput output) {
		WizardHttpClient browser = new WizardHttpClient(BASE);
		Exchange cloud = browser.signIn("ready", false);
		String cloudId = WizardHttpClient.selected(cloud.body(), "cloudId").orElseThrow();
		String folderId = WizardHttpClient.selected(cloud.body(), "folderId").orElseThrow();
		Exchange result = browser.express(Duration.ofSeconds(60));
		String secret = WizardHttpClient.secret(result.body()).orElseThrow();
		assertThat(browser.verified(result.body(), Duration.ofSeconds(30)))
			.isEqualTo("success");
		String keyId = first(result.body(), "data-testid=\"key-id\">([^<]+)<");
		String serviceAccountId = first(browser.get("/sandbox").body(), "(aje[a-z0-9]{17})");

		// A second user walks away at the folder step and signs out.
		WizardHttpClient leaver = new WizardHttpClient(BASE);
		Exchange leaverCloud = leaver.signIn("trial", false);
		assertThat(leaverCloud.uri()).endsWith("/wizard/cloud");
		leaver.post("/logout", Map.of("_csrf", WizardHttpClient.csrf(leaverCloud.body())), Map.of());

		WizardHttpClient ops = management();
		Exchange names = ops.get("/actuator/metrics");
		assertThat(names.status()).isEqualTo(200);
		List<String> all = new ArrayList<>();
		JSON.readTree(names.body()).get("names").forEach((n) -> all.add(n.asString()));
		assertThat(all).contains("cloud.client.requests", "wizard.steps.completed", "wizard.abandoned");

		Map<String, Set<String>> upstream = tags(ops, "cloud.client.requests");
		assertThat(upstream.get("api")).containsExactlyInAnyOrder("iam", "resource-manager", "billing", "operation",
				"llm");
		assertThat(upstream.get("outcome")).contains("success");
		assertThat(upstream.get("method")).contains("GET", "POST");
		JsonNode timer = JSON.readTree(ops.get("/actuator/metrics/cloud.client.requests?tag=api:iam").body());
		assertThat(statistic(timer, "COUNT")).isGreaterThan(0);
		assertThat(statistic(timer, "TOTAL_TIME")).isGreaterThan(0);
		assertThat(tags(ops, "wizard.steps.completed").get("step")).contains("billing", "cloud",
				"service-account", "roles", "scope", "key");
		assertThat(tags(ops, "wizard.abandoned").get("step")).contains("cloud");

		List<String> forbidden = List.of(secret, keyId, serviceAccountId, folderId, cloudId);
		for (String name : all) {
			String body = ops.get("/actuator/metrics/" + name).body();
			assertThat(body).as(name).doesNotContain(forbidden);
			assertThat(CREDENTIAL.matcher(body).find()).as("credential in metric %s: %s", name, body).isFalse();
		}

		String logs = output.getOut() + output.getErr();
		assertThat(logs).contains("\"@timestamp\"").contains("\"log\":{\"level\"");
		assertThat(logs).doesNotContain(secret);
		Matcher leaked = CREDENTIAL.matcher(logs);
		assertThat(leaked.find()).as("credential in the logs: %s", leaked.hitEnd() ? "" : leaked.group()).isFalse();
		List<String> appLines = logs.lines().filter((line) -> line.contains("\"@timestamp\"")).toList();
		assertThat(appLines).isNotEmpty().allSatisfy((line) -> JSON.readTree(line));
		assertThat(appLines).anySatisfy((line) -> assertThat(line).contains("dev.aikeywizard.cloud.CloudHttp"));
	}

	private static Map<String, Set<String>> tags(WizardHttpClient ops, String metric) {
		Exchange answer = ops.get("/actuator/metrics/" + metric);
		assertThat(answer.status()).as(metric).isEqualTo(200);
		Map<String, Set<String>> tags = new java.util.HashMap<>();
		for (JsonNode tag : JSON.readTree(answer.body()).get("availableTags")) {
			Set<String> values = new HashSet<>();
			tag.get("values").forEach((v) -> values.add(v.asString()));
			tags.put(tag.get("tag").asString(), values);
		}
		return tags;
	}

	private static double statistic(JsonNode metric, String statistic) {
		for (JsonNode measurement : metric.get("measurements")) {
			if (statistic.equals(measurement.get("statistic").asString())) {
				return measurement.get("value").asDouble();
			}
		}
		throw new AssertionError("no " + statistic + " in " + metric);
	}

	private static String first(String text, String regex) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		if (!matcher.find()) {
			throw new AssertionError("no match for " + regex);
		}
		return matcher.group(1);
	}

}
