package dev.aikeywizard.wizard;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.StepByStepWalk;
import dev.aikeywizard.support.StepByStepWalk.Action;
import dev.aikeywizard.support.UpstreamCallLog;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upstream calls of each user action on the step-by-step path for {@code ready}, from sign-in to a verified key,
 * counted by API and method (not timed), walked as htmx walks it: no action reads what the run holds already, and
 * the calls of each are the ones its critical path needs. Operations are done on their first poll and roles apply at
 * once, so the table is exact.
 */
@Import(UpstreamCallLog.Installed.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "app.sandbox.role-propagation-delay=0ms", "app.sandbox.operation-polls=1",
				"management.server.port=0" })
class StepByStepCallCountIT {

	static final int PORT = FreePort.find();

	private static final String RM = "/resource-manager/resource-manager/v1";

	/**
	 * The calls of each action (README, "Benchmarks"): sign-in as for express; Next on the cloud step only lists
	 * the folder's service accounts (the folder was read with the list); the new account and its operation, and no
	 * read of the bindings of an account that holds no role; the grant and its operation, with the scope catalogue
	 * read beside the wait; the key and one tokenize.
	 */
	static final Map<Action, Map<String, Integer>> EXPECTED = new EnumMap<>(Map.of(
			Action.SIGN_IN, Map.of("POST /oauth/token", 1, "GET /login/info", 1, "POST /iam/iam/v1/tokens", 1,
					"GET /billing/billing/v1/billingAccounts", 1,
					"GET /billing/billing/v1/billingAccounts/{id}/billableObjectBindings", 1, "GET " + RM + "/clouds", 1,
					"GET " + RM + "/folders", 1),
			Action.CHOOSE_FOLDER, Map.of("GET /iam/iam/v1/serviceAccounts", 1),
			Action.CREATE_SERVICE_ACCOUNT, Map.of("POST /iam/iam/v1/serviceAccounts", 1,
					"GET /operation/operations/{id}", 1),
			Action.GRANT_ROLES, Map.of("POST " + RM + "/folders/{id}:updateAccessBindings", 1,
					"GET /operation/operations/{id}", 1, "GET /iam/iam/v1/apiKeyScopes", 1),
			Action.CREATE_KEY, Map.of("POST /iam/iam/v1/apiKeys", 1, "POST /llm/foundationModels/v1/tokenize", 1)));

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
	}


	@Autowired
	UpstreamCallLog log;

	@Test
	void eachStepMakesOnlyTheCallsItNeeds() {
		StepByStepWalk walk = new StepByStepWalk("http://localhost:" + PORT, this.log);
		List<StepByStepWalk.Step> steps = walk.walk("ready");
		walk.signOut();
		Map<Action, Map<String, Integer>> made = new EnumMap<>(Action.class);
		steps.forEach((step) -> made.put(step.action(), new TreeMap<>(step.calls())));
		Map<Action, Map<String, Integer>> expected = new EnumMap<>(Action.class);
		EXPECTED.forEach((action, calls) -> expected.put(action, new TreeMap<>(calls)));
		assertThat(made).as(String.join("\n", steps.stream()
			.map((step) -> step.action() + ":\n  " + String.join("\n  ", step.timeline()))
			.toList())).isEqualTo(expected);
	}

}
