package dev.aikeywizard.wizard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.aikeywizard.Application;
import dev.aikeywizard.sandbox.SandboxWorlds;
import dev.aikeywizard.security.CloudCredentialService;
import dev.aikeywizard.support.FreePort;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Random walks through the wizard (issue 7): jqwik strings together user actions (Next, express, Back to any step,
 * another folder, another service account, roles, scope, double submit, reload, poll, Retry, "Make another key",
 * sign out and in, and the fault "the cloud loses the operations in flight"), each a real HTTP exchange with one app
 * and its in-process sandbox, and after every action checks the invariants of {@link WizardWalk#checkInvariants()}:
 * no 5xx; each secret in exactly one response; new keys in the sandbox = secrets shown (plus key requests answered
 * with a problem page); each key's service account in the folder chosen, holding the roles chosen, named as asked,
 * and asked for (a key form or an express run); no service account or binding nobody asked for; and GET /wizard
 * never stuck. At the end of each walk it polls until any work in flight is done and checks again.
 * <p>
 * One app serves every walk; each walk starts from a freshly seeded sandbox ({@link SandboxWorlds#reset()}) and,
 * because the reset forgets the IAM tokens the app caches per user, from no cached credential for any persona.
 * <p>
 * {@code -Dwizard.walk.tries=1000} for more walks, {@code -Dwizard.walk.actions=50} for longer ones,
 * {@code -Dwizard.walk.personas=ready:3,flaky:1,managed:1} for other personas (name:weight).
 */
class WizardWalkPropertiesIT {

	static final int DEFAULT_TRIES = 200;

	static final int DEFAULT_ACTIONS = 30;

	/** The personas walked, with their weights; {@code managed} and {@code taken} join after their merge. */
	static final String DEFAULT_PERSONAS = "ready:4,flaky:1,managed:1,taken:1";

	private static ConfigurableApplicationContext context;

	private static WizardWalk.App app;

	static synchronized WizardWalk.App app() {
		if (app == null) {
			int port = FreePort.find();
			context = new SpringApplicationBuilder(Application.class).run("--server.port=" + port,
					"--management.server.port=0", "--spring.main.banner-mode=off",
					// Fast walks: operations finish on their second poll (so one GET leaves them running),
					// roles work at once, retries of 429/503 wait milliseconds, not the Retry-After second.
					"--app.sandbox.operation-polls=2", "--app.sandbox.role-propagation-delay=0s", "--app.sandbox.retry-after=0s",
					"--app.cloud.retry.initial-backoff=1ms", "--app.cloud.retry.max-backoff=5ms",
					"--app.wizard.keys-per-hour=1000000",
					"--logging.level.root=WARN", "--logging.level.dev.aikeywizard=ERROR",
					"--logging.level.org.springframework.web=ERROR");
			app = new WizardWalk.App("http://localhost:" + port, context.getBean(SandboxWorlds.class),
					context.getBean(CloudCredentialService.class));
		}
		return app;
	}

	@AfterContainer
	static synchronized void stop() {
		if (context != null) {
			context.close();
			context = null;
			app = null;
		}
	}

	/**
	 * The persona of the walk about to run. A parameter of its own rather than a flatMap into the chain: jqwik
	 * does not shrink an ActionChain reached through flatMap.
	 */
	private static volatile String persona = "ready";

	@Property(tries = DEFAULT_TRIES)
	@AddLifecycleHook(TriesFromSystemProperty.class)
	void everyWalkKeepsTheInvariants(@ForAll("personas") String who, @ForAll("walks") ActionChain<WizardWalk> chain) {
		persona = who;
		WizardWalk end = chain.withInvariant("wizard invariants", WizardWalk::checkInvariants).run();
		end.finish();
	}

	@Provide
	Arbitrary<ActionChain<WizardWalk>> walks() {
		return walk(() -> persona, Integer.getInteger("wizard.walk.actions", DEFAULT_ACTIONS));
	}

	@Provide
	static Arbitrary<String> personas() {
		List<Tuple.Tuple2<Integer, String>> weighted = new ArrayList<>();
		personaWeights().forEach((name, weight) -> weighted.add(Tuple.of(weight, name)));
		return Arbitraries.frequency(weighted.toArray(Tuple.Tuple2[]::new));
	}

	static Map<String, Integer> personaWeights() {
		Map<String, Integer> weights = new LinkedHashMap<>();
		for (String item : System.getProperty("wizard.walk.personas", DEFAULT_PERSONAS).split(",")) {
			String[] parts = item.strip().split(":");
			weights.put(parts[0], (parts.length > 1) ? Integer.parseInt(parts[1]) : 1);
		}
		return weights;
	}

	static ActionChainArbitrary<WizardWalk> walk(java.util.function.Supplier<String> persona, int actions) {
		return walkFrom(() -> new WizardWalk(app(), persona.get()), actions);
	}

	/** The user actions of every walk, from the walk {@code start} makes (the scale-out walk adds its own). */
	static ActionChainArbitrary<WizardWalk> walkFrom(java.util.function.Supplier<WizardWalk> start, int actions) {
		return ActionChain.<WizardWalk>startWith(start)
			.withAction(6, just("next", WizardWalk::next))
			.withAction(3, with(Arbitraries.integers().between(0, 2), (i) -> "express(folder #" + i + ")",
					(w, i) -> w.express(i)))
			.withAction(3, with(Arbitraries.of(WizardWalk.STEPS), (s) -> "back to " + s, WizardWalk::back))
			.withAction(2, with(Arbitraries.integers().between(0, 2), (i) -> "choose folder #" + i,
					(w, i) -> w.chooseFolder(0, i)))
			.withAction(2, with(Arbitraries.of(WizardWalk.NAMES), (n) -> "new service account " + n,
					WizardWalk::newServiceAccount))
			.withAction(1, with(Arbitraries.integers().between(0, 3), (i) -> "reuse service account #" + i,
					(w, i) -> w.reuseServiceAccount(i)))
			.withAction(2, with(roleMasks(), (m) -> "roles " + WizardWalk.pickAll(WizardWalk.ROLES, m),
					(w, m) -> w.roles(m)))
			.withAction(2, with(Combinators.combine(scopeMasks(), Arbitraries.of(false, false, true)).as(Tuple::of),
					(t) -> "scope " + WizardWalk.pickAll(WizardWalk.SCOPES, t.get1()) + (t.get2() ? " no expiry" : ""),
					(w, t) -> w.scope(t.get1(), t.get2())))
			.withAction(2, just("double submit", WizardWalk::doubleSubmit))
			.withAction(2, just("reload", WizardWalk::reload))
			.withAction(5, just("poll", WizardWalk::poll))
			.withAction(2, just("retry", WizardWalk::retry))
			.withAction(2, just("make another key", WizardWalk::another))
			.withAction(1, just("sign out and in", WizardWalk::signOutAndIn))
			.withAction(1, just("cloud loses operations in flight", WizardWalk::loseOperations))
			.withMaxTransformations(actions);
	}

	/** Role sets: mostly the recommended role, sometimes others, rarely none (a 422). */
	static Arbitrary<Integer> roleMasks() {
		return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(1)), Tuple.of(3, Arbitraries.integers().between(1, 31)),
				Tuple.of(1, Arbitraries.just(0)));
	}

	static Arbitrary<Integer> scopeMasks() {
		return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(1)), Tuple.of(3, Arbitraries.integers().between(1, 7)),
				Tuple.of(1, Arbitraries.just(0)));
	}

	static Action.Independent<WizardWalk> just(String name, java.util.function.Consumer<WizardWalk> step) {
		return Action.just(Transformer.mutate(name, step));
	}

	static <T> Action.Independent<WizardWalk> with(Arbitrary<T> values,
			java.util.function.Function<T, String> name, java.util.function.BiConsumer<WizardWalk, T> step) {
		return new Action.Independent<>() {
			@Override
			public Arbitrary<Transformer<WizardWalk>> transformer() {
				return values.map((v) -> Transformer.mutate(name.apply(v), (w) -> step.accept(w, v)));
			}
		};
	}

	/** {@code -Dwizard.walk.tries=N} overrides the number of walks. */
	static class TriesFromSystemProperty implements AroundPropertyHook {

		@Override
		public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
			Integer tries = Integer.getInteger("wizard.walk.tries");
			if (tries != null) {
				context.attributes().setTries(tries);
			}
			return property.execute();
		}

	}

}
