package dev.aikeywizard.support;

import dev.aikeywizard.sandbox.SandboxWorlds;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.aikeywizard.Application;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The deployed topology in one JVM, for the scale-out tests: Debian's {@code redis-server} on a free loopback port,
 * one sandbox-only instance, and app instances with the profile {@code redis} that share both. Closes everything it
 * started, last first.
 */
public final class ScaleOut implements AutoCloseable {

	private final List<AutoCloseable> running = new ArrayList<>();

	private final RedisServer redis;

	private final int sandboxPort;

	private final ConfigurableApplicationContext sandboxContext;

	public ScaleOut() {
		this.redis = RedisServer.start();
		this.running.add(this.redis);
		this.sandboxPort = FreePort.find();
		this.sandboxContext = start("--server.port=" + this.sandboxPort);
		this.running.add(this.sandboxContext);
	}

	/** The sandbox's store (what it handed out, what its worlds hold). */
	public SandboxWorlds sandboxWorlds() {
		return this.sandboxContext.getBean(SandboxWorlds.class);
	}

	public RedisServer redis() {
		return this.redis;
	}

	/** Where the servers reach the sandbox. */
	public String sandbox() {
		return "http://localhost:" + this.sandboxPort;
	}

	/** Where browsers reach the sandbox: another host name, as behind a proxy, so its cookies stay apart. */
	public String sandboxForBrowsers() {
		return "http://127.0.0.1:" + this.sandboxPort;
	}

	/** Starts an app instance on a free port and returns its base URL. */
	public String startInstance() {
		return "http://localhost:" + port(startInstanceContext());
	}

	/** Starts an app instance on a free port; the caller may close it early (an instance going away). */
	public ConfigurableApplicationContext startInstanceContext() {
		int port = FreePort.find();
		ConfigurableApplicationContext context = start("--server.port=" + port, "--spring.profiles.active=redis",
				"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + this.redis.port(),
				"--app.sandbox.enabled=false", "--app.sandbox.base-url=" + sandbox(),
				"--app.sandbox.public-url=" + sandboxForBrowsers(), CredentialKeys.ARGUMENT);
		this.running.add(context);
		return context;
	}

	public static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	public static String path(WizardHttpClient.Exchange exchange) {
		return URI.create(exchange.uri()).getPath();
	}

	/** Every instance gets a management port of its own (the default 8081 would be taken by the first). */
	private static ConfigurableApplicationContext start(String... args) {
		String[] all = Arrays.copyOf(args, args.length + 1);
		all[args.length] = "--management.server.port=0";
		return new SpringApplicationBuilder(Application.class).run(all);
	}

	@Override
	public void close() throws Exception {
		for (int i = this.running.size() - 1; i >= 0; i--) {
			this.running.get(i).close();
		}
	}

}
