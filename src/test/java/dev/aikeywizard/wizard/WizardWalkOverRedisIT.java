package dev.aikeywizard.wizard;

import java.util.ArrayList;
import java.util.List;

import dev.aikeywizard.Application;
import dev.aikeywizard.sandbox.SandboxWorlds;
import dev.aikeywizard.security.CloudCredentialService;
import dev.aikeywizard.support.CredentialKeys;
import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.RedisServer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.state.ActionChain;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;

/**
 * The random walks of {@link WizardWalkPropertiesIT} under Redis, switching instance (issue 7): one
 * {@code redis-server}, one sandbox-only instance, and two app instances A and B with the profile {@code redis}
 * (sessions, and so the wizard run, in Redis; run locks in Redis; tokens in each instance's memory only), all in
 * this JVM. Every walk starts on A. Besides every action of the in-memory walk there are two more:
 * <ul>
 * <li>"switch instance": the browser's following requests (same cookies) go to the other instance. When that
 * instance holds no token for the user, the browser goes through Yandex ID as a person would: a full page is sent to
 * the sandbox's authorize page, where the user picks their persona and comes back to the step; an htmx request gets
 * {@code 403} with {@code HX-Refresh: true}, and the page is reloaded as a full GET (which signs in the same way). A
 * request answered with a sign-in counts as not carried out (the model keeps both outcomes possible).</li>
 * <li>"double submit across instances": the page's main POST sent at the same moment to A and to B.</li>
 * </ul>
 * After every action the invariants of {@link WizardWalk#checkInvariants()} hold: no 5xx, each secret in exactly one
 * response, keys in the sandbox = secrets shown (plus key requests answered with a problem page), each key's account
 * in the folder and with the roles asked, nothing unasked created, and GET /wizard never stuck.
 * <p>
 * Between walks: {@link SandboxWorlds#reset()} on the sandbox instance (a fresh world, every token it handed out
 * forgotten), and on both app instances the cached IAM tokens ({@link CloudCredentialService#forget}) and the Yandex
 * ID tokens (the {@link OAuth2AuthorizedClientService} entries, which the reset made useless) of every persona are
 * dropped. So each walk signs in on A first, and the first request that reaches B signs in there.
 * <p>
 * Default: {@value #DEFAULT_TRIES} walks of {@value #DEFAULT_ACTIONS} actions (about a minute on two cores);
 * {@code -Dwizard.walk.redis.tries=N}, {@code -Dwizard.walk.redis.actions=N} and {@code -Dwizard.walk.personas=...}
 * change that.
 */
class WizardWalkOverRedisIT {

	static final int DEFAULT_TRIES = 30;

	static final int DEFAULT_ACTIONS = 20;

	private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private static RedisServer redis;

	private static WizardWalk.App app;

	static synchronized WizardWalk.App app() {
		if (app == null) {
			redis = RedisServer.start();
			int sandboxPort = FreePort.find();
			ConfigurableApplicationContext sandbox = start("--server.port=" + sandboxPort,
					// Fast walks, as in the in-memory walk: operations finish on their second poll, roles at once.
					"--app.sandbox.operation-polls=2", "--app.sandbox.role-propagation-delay=0s",
					"--app.sandbox.retry-after=0s");
			List<WizardWalk.Instance> instances = new ArrayList<>();
			for (String name : List.of("A", "B")) {
				int port = FreePort.find();
				ConfigurableApplicationContext instance = start("--server.port=" + port,
						"--spring.profiles.active=redis", "--spring.data.redis.host=127.0.0.1",
						"--spring.data.redis.port=" + redis.port(), "--app.sandbox.enabled=false",
						"--app.sandbox.base-url=http://localhost:" + sandboxPort,
						// The browser reaches the sandbox by another host name, so its cookies stay apart.
						"--app.sandbox.public-url=http://127.0.0.1:" + sandboxPort,
						"--app.cloud.retry.initial-backoff=1ms", "--app.cloud.retry.max-backoff=5ms",
						"--app.wizard.keys-per-hour=1000000", CredentialKeys.ARGUMENT);
				instances.add(new WizardWalk.Instance(name, "http://localhost:" + port,
						instance.getBean(CloudCredentialService.class),
						instance.getBean(OAuth2AuthorizedClientService.class)));
			}
			app = new WizardWalk.App(instances.get(0).base(), sandbox.getBean(SandboxWorlds.class),
					instances.get(0).credentials(), List.copyOf(instances));
		}
		return app;
	}

	private static ConfigurableApplicationContext start(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(List.of("--management.server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=WARN",
				"--logging.level.dev.aikeywizard=ERROR", "--logging.level.org.springframework.web=ERROR"));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.run(all.toArray(String[]::new));
		contexts.add(context);
		return context;
	}

	@AfterContainer
	static synchronized void stop() {
		for (int i = contexts.size() - 1; i >= 0; i--) {
			contexts.get(i).close();
		}
		contexts.clear();
		if (redis != null) {
			redis.close();
			redis = null;
		}
		app = null;
	}

	/** The persona of the walk about to run (see {@link WizardWalkPropertiesIT}: a parameter of its own). */
	private static volatile String persona = "ready";

	@Property(tries = DEFAULT_TRIES)
	@AddLifecycleHook(TriesFromSystemProperty.class)
	void everyWalkAcrossInstancesKeepsTheInvariants(@ForAll("personas") String who,
			@ForAll("walks") ActionChain<WizardWalk> chain) {
		persona = who;
		WizardWalk end = chain.withInvariant("wizard invariants", WizardWalk::checkInvariants).run();
		end.finish();
	}

	@Provide
	Arbitrary<ActionChain<WizardWalk>> walks() {
		return WizardWalkPropertiesIT
			.walkFrom(() -> new WizardWalk(app(), persona), Integer.getInteger("wizard.walk.redis.actions",
					DEFAULT_ACTIONS))
			.withAction(4, WizardWalkPropertiesIT.just("switch instance", WizardWalk::switchInstance))
			.withAction(2, WizardWalkPropertiesIT.just("double submit across instances",
					WizardWalk::doubleSubmitAcrossInstances));
	}

	@Provide
	Arbitrary<String> personas() {
		return WizardWalkPropertiesIT.personas();
	}

	/** {@code -Dwizard.walk.redis.tries=N} overrides the number of walks. */
	static class TriesFromSystemProperty implements AroundPropertyHook {

		@Override
		public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
			Integer tries = Integer.getInteger("wizard.walk.redis.tries");
			if (tries != null) {
				context.attributes().setTries(tries);
			}
			return property.execute();
		}

	}

}
