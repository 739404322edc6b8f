package dev.aikeywizard.benchmark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.aikeywizard.sandbox.SandboxWorlds;
import dev.aikeywizard.support.BenchmarkReport;
import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.StepByStepWalk;
import dev.aikeywizard.support.StepByStepWalk.Action;
import dev.aikeywizard.support.UpstreamCallLog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The step-by-step path against a strict emulator (every call answered after {@value #LATENCY_MS} ms, every operation
 * done {@value #OPERATION_MS} ms after the answer that created it, roles effective at once), one wizard at a time, persona
 * {@code ready}, the sandbox reset before each: each user action from the click to the next usable page (walked as
 * htmx walks it, see {@link StepByStepWalk}) against its critical path computed from the two knobs, with the upstream
 * calls it made and their timeline. Writes {@code target/benchmark/step-by-step-critical-path.md}. Part of
 * {@code ./mvnw verify -Pbenchmark}; {@code -Dbenchmark.steps.runs=N} (default 5, after
 * {@code -Dbenchmark.warmups=N} warm-up runs, default 30: the JIT compiles the hot paths, as in service).
 * <p>
 * Critical paths (L the latency, O the operation duration), only the calls no wizard can avoid:
 * <ul>
 * <li>sign-in: the Yandex ID token, user info, the IAM token, then billing accounts and clouds in parallel, then the
 * account's bound clouds and the first cloud's folders in parallel: {@code 5 L} (the express benchmark counts
 * {@code 6 L}, with the folders after the bindings);</li>
 * <li>choose folder: the folder's service accounts for the next page (the folder itself was read with the cloud
 * step's list): {@code 1 L};</li>
 * <li>create service account: the creation, its operation, the poll that sees it done; the new account holds no
 * role, so the roles page needs no read: {@code O + 2 L};</li>
 * <li>grant roles: the grant, its operation, the poll that sees it done (the scope catalogue is the same for
 * everyone and read once per app, not per step): {@code O + 2 L};</li>
 * <li>create key to a verified key: the key, one tokenize: {@code 2 L}.</li>
 * </ul>
 */
@Tag("benchmark")
@Import(UpstreamCallLog.Installed.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "app.sandbox.latency=" + StepByStepCriticalPathBenchmark.LATENCY_MS + "ms",
				"app.sandbox.operation-duration=" + StepByStepCriticalPathBenchmark.OPERATION_MS + "ms",
				"app.sandbox.role-propagation-delay=0ms", "app.wizard.keys-per-hour=100000",
				"management.server.port=0", "logging.level.root=WARN" })
class StepByStepCriticalPathBenchmark {

	static final long LATENCY_MS = 100;

	static final long OPERATION_MS = 1000;

	static final int PORT = FreePort.find();

	/** Each action's critical path in ms, from the two knobs (see the class comment). */
	static final Map<Action, Long> CRITICAL = new EnumMap<>(Map.of(Action.SIGN_IN, 5 * LATENCY_MS,
			Action.CHOOSE_FOLDER, LATENCY_MS, Action.CREATE_SERVICE_ACCOUNT, OPERATION_MS + 2 * LATENCY_MS,
			Action.GRANT_ROLES, OPERATION_MS + 2 * LATENCY_MS, Action.CREATE_KEY, 2 * LATENCY_MS));

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
	}


	@Autowired
	UpstreamCallLog log;

	@Autowired
	SandboxWorlds worlds;

	@Test
	void eachStepAgainstItsCriticalPath() throws IOException {
		int runs = Integer.getInteger("benchmark.steps.runs", 5);
		Map<Action, List<Long>> times = new EnumMap<>(Action.class);
		List<StepByStepWalk.Step> last = List.of();
		int warmups = Integer.getInteger("benchmark.warmups", 30);
		for (int i = -warmups; i < runs; i++) {
			this.worlds.reset();
			StepByStepWalk walk = new StepByStepWalk("http://localhost:" + PORT, this.log);
			List<StepByStepWalk.Step> steps = walk.walk("ready");
			if (i >= 0) {
				steps.forEach((step) -> times.computeIfAbsent(step.action(), (a) -> new ArrayList<>()).add(step.nanos()));
			}
			last = steps;
			walk.signOut();
		}
		StringBuilder md = new StringBuilder();
		md.append(String.format("# Step-by-step path against its critical path%n%n"));
		md.append(String.format("`./mvnw verify -Pbenchmark` (StepByStepCriticalPathBenchmark). Strict emulator: latency %d ms per call, "
				+ "operations done %d ms after the answer that created it, roles effective at once; persona `ready`, %d runs after %d warm-up runs, "
				+ "sandbox reset before each. Each action timed from the click to the next usable page, as htmx walks it "
				+ "(progress polls after the delay the page asks for, the key checked on load).%n%n", LATENCY_MS,
				OPERATION_MS, runs, warmups));
		md.append("| step | critical path | median wall | best wall | ratio (median) | upstream calls (last run) |\n"
				+ "|---|---|---|---|---|---|\n");
		long criticalTotal = 0;
		long medianTotal = 0;
		for (StepByStepWalk.Step step : last) {
			List<Long> sorted = times.get(step.action()).stream().sorted().toList();
			long critical = CRITICAL.get(step.action());
			double median = sorted.get(sorted.size() / 2) / 1e6;
			criticalTotal += critical;
			medianTotal += (long) median;
			md.append(String.format("| %s | %d ms | %.0f ms | %.0f ms | %.2fx | %s |%n", step.action().label(), critical,
					median, sorted.get(0) / 1e6, median / critical, calls(step.calls())));
		}
		md.append(String.format("| **all five** | %d ms | %d ms | | %.2fx | |%n", criticalTotal, medianTotal,
				(double) medianTotal / criticalTotal));
		md.append(String.format("%n## Timeline of the last run, per step (ms from the click)%n"));
		for (StepByStepWalk.Step step : last) {
			md.append(String.format("%n### %s (%.0f ms)%n%n```%n", step.action().label(), step.nanos() / 1e6));
			step.timeline().forEach((line) -> md.append(line).append('\n'));
			md.append("```\n");
		}
		BenchmarkReport.write("step-by-step-critical-path", md.toString());
	}

	private static String calls(Map<String, Integer> calls) {
		if (calls.isEmpty()) {
			return "none";
		}
		StringBuilder text = new StringBuilder();
		calls.forEach((call, count) -> text.append(text.isEmpty() ? "" : "<br>").append('`').append(call)
			.append('`').append(count > 1 ? " x" + count : ""));
		return text.toString();
	}

}
