package dev.aikeywizard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} without Docker: the services it declares, each a process on its own loopback address
 * and a free port instead of a container on port 8080. Redis is Debian's {@code redis-server}
 * ({@link RedisServer}), PostgreSQL Debian's too ({@link PostgresServer}, with the database and user the compose file
 * gives its {@code postgres} service); the sandbox and the replicas {@code app1} and {@code app2} are the built jar
 * ({@code target/ai-key-wizard-*.jar}) run with {@code java -jar} and the environment the compose file gives them,
 * its host names mapped to the loopback addresses; nginx is Debian's, running the site config the compose file
 * mounts ({@code deploy/nginx.conf}) with only its host names and ports mapped ({@link Nginx#rewrite}). Everything
 * starts at once; {@link #start} returns when every instance answers {@link #READINESS} and nginx passes requests
 * on. Output goes to {@code target/compose-topology/<service>.log}; {@link #report()} gives their tails.
 */
public final class ComposeTopology implements AutoCloseable {

	/**
	 * Where each instance says it can serve, on its main port (the other actuator endpoints are on the management
	 * port, which stays inside each container).
	 */
	public static final String READINESS = "/readyz";

	public static final Path DIRECTORY = Path.of("target", "compose-topology");

	public static final Path COMPOSE_FILE = Path.of("docker-compose.yml");

	public static final String SANDBOX = "sandbox";

	public static final List<String> REPLICAS = List.of("app1", "app2");

	private static final String REDIS = "redis";

	private static final String POSTGRES = "postgres";

	private static final String NGINX = "nginx";

	/** The port every container listens on, and the one nginx publishes. */
	private static final int COMPOSE_PORT = 8080;

	private static final int REDIS_PORT = 6379;

	private static final int POSTGRES_PORT = 5432;

	private static final Map<String, String> ADDRESSES = Map.of(NGINX, "127.0.0.2", "app1", "127.0.0.3", "app2",
			"127.0.0.4", SANDBOX, "127.0.0.5", REDIS, "127.0.0.1", POSTGRES, "127.0.0.1");

	/** A host and port inside a URL, e.g. {@code sandbox:8080} in {@code http://sandbox:8080}. */
	private static final Pattern URL_HOST = Pattern.compile("(?<=//)([A-Za-z0-9.-]+):(\\d+)");

	private final Map<String, Integer> ports = new LinkedHashMap<>();

	private final Map<String, ChildProcess> processes = new LinkedHashMap<>();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	/** Stops everything should the test JVM be ended before {@link #close()} (e.g. a build interrupted). */
	private final Thread shutdownHook = new Thread(this::stopAll, "compose-topology-shutdown");

	private RedisServer redis;

	private PostgresServer postgres;

	private ComposeTopology() {
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/** Starts every service of the compose file and waits until all can serve, at most {@code patience}. */
	public static ComposeTopology start(Duration patience) {
		ComposeTopology topology = new ComposeTopology();
		long started = System.nanoTime();
		try {
			topology.startAll();
			topology.awaitReady(patience);
			System.out.printf("compose topology ready in %d s: %s%n",
					Duration.ofNanos(System.nanoTime() - started).toSeconds(), topology.ports);
			return topology;
		}
		catch (RuntimeException | Error ex) {
			String report = topology.report();
			topology.close();
			throw new IllegalStateException("the compose topology did not start: " + ex.getMessage() + "\n" + report,
					ex);
		}
	}

	/** Where the browser goes: nginx (in the compose file {@code http://localhost:8080}). */
	public String publicUrl() {
		return url(NGINX);
	}

	/** The service at an address nginx logged as an upstream ({@code 127.0.0.3:41234}), or the address itself. */
	public String serviceAt(String upstream) {
		return this.ports.keySet()
			.stream()
			.filter((service) -> upstream.equals(ADDRESSES.get(service) + ":" + this.ports.get(service)))
			.findFirst()
			.orElse(upstream);
	}

	/** Every request nginx logged so far. */
	public List<Nginx.Request> requests() {
		return Nginx.requests(DIRECTORY.resolve(NGINX));
	}

	/** Kills one service's process at once (SIGKILL), as if its host went away. */
	public void kill(String service) {
		ChildProcess process = this.processes.get(service);
		if (process == null) {
			throw new IllegalArgumentException("no process for " + service + ": " + this.processes.keySet());
		}
		process.kill();
	}

	public boolean isAlive(String service) {
		return this.processes.get(service).isAlive();
	}

	/** The tails of every service's output and of nginx's access log, for a failure report. */
	public String report() {
		StringBuilder report = new StringBuilder();
		this.processes.values().forEach((process) -> report.append(process.tail(40)));
		if (this.redis != null) {
			report.append(ChildProcess.tail(REDIS, this.redis.log(), 10));
		}
		report.append(ChildProcess.tail("nginx access log", Nginx.accessLog(DIRECTORY.resolve(NGINX)), 60));
		return report.toString();
	}

	@Override
	public void close() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook runs anyway
		}
		long started = System.nanoTime();
		stopAll();
		System.out.printf("compose topology stopped in %d s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
	}

	private synchronized void stopAll() {
		ChildProcess.closeAll(new ArrayList<>(this.processes.values()));
		if (this.redis != null) {
			this.redis.close();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	private void startAll() {
		for (String executable : List.of(Nginx.EXECUTABLE, RedisServer.EXECUTABLE)) {
			if (!Files.isExecutable(Path.of(executable))) {
				throw new IllegalStateException(
						"no " + executable + ": apt-get install -y nginx redis-server (README, Prerequisites)");
			}
		}
		Map<String, Object> services = services();
		Set<String> known = Set.of(REDIS, POSTGRES, SANDBOX, NGINX, REPLICAS.get(0), REPLICAS.get(1));
		if (!known.equals(services.keySet())) {
			throw new IllegalStateException(COMPOSE_FILE + " declares the services " + new TreeSet<>(services.keySet())
					+ ", this test starts " + new TreeSet<>(known) + ": teach it the difference");
		}
		Path jar = jar();
		Path log = DIRECTORY.toAbsolutePath();
		// Redis first, as compose does (the replicas wait for its health check); it answers PING within a second.
		this.redis = RedisServer.start(log.resolve(REDIS + ".log"));
		this.ports.put(REDIS, this.redis.port());
		// PostgreSQL too (the replicas wait for its health check), with the database and user of its environment.
		Map<String, String> database = environment(services, POSTGRES);
		this.postgres = PostgresServer.start();
		this.postgres.createDatabase(database.get("POSTGRES_DB"), database.get("POSTGRES_USER"),
				database.get("POSTGRES_PASSWORD"));
		this.ports.put(POSTGRES, this.postgres.port());
		for (String service : List.of(NGINX, SANDBOX, REPLICAS.get(0), REPLICAS.get(1))) {
			this.ports.put(service, FreePort.find());
		}
		for (String service : List.of(SANDBOX, REPLICAS.get(0), REPLICAS.get(1))) {
			Map<String, String> environment = baseEnvironment();
			environment(services, service).forEach((name, value) -> environment.put(name, map(name, value)));
			// The compose file's "java -jar", with flags that only make a short-lived JVM start sooner on few cores.
			List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(),
					"--server.address=" + ADDRESSES.get(service), "--server.port=" + this.ports.get(service),
					// Inside a container the management port is its own 8081; here the processes share one host.
					"--management.server.port=0");
			this.processes.put(service,
					ChildProcess.start(service, command, environment, log, log.resolve(service + ".log")));
		}
		Map<String, String> upstreams = new LinkedHashMap<>();
		for (String service : List.of(REPLICAS.get(0), REPLICAS.get(1), SANDBOX)) {
			upstreams.put(service + ":" + COMPOSE_PORT, hostPort(service));
		}
		String site = Nginx.rewrite(read(nginxSite(services)), upstreams, COMPOSE_PORT, hostPort(NGINX));
		this.processes.put(NGINX, Nginx.start(site, log.resolve(NGINX), log.resolve(NGINX + ".log")));
	}

	private void awaitReady(Duration patience) {
		long deadline = System.nanoTime() + patience.toNanos();
		List<String> waiting = new ArrayList<>(List.of(SANDBOX, REPLICAS.get(0), REPLICAS.get(1)));
		while (!waiting.isEmpty()) {
			for (ChildProcess process : this.processes.values()) {
				if (!process.isAlive()) {
					throw new IllegalStateException(process.name() + " exited");
				}
			}
			waiting.removeIf((service) -> status(url(service) + READINESS) == 200);
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("not ready after " + patience + ": " + waiting);
			}
			sleep(250);
		}
		// Through nginx: each replica once (round-robin), and the sandbox.
		for (String path : List.of(READINESS, READINESS, "/sandbox")) {
			int status = status(publicUrl() + path);
			if (status != 200) {
				throw new IllegalStateException("nginx answered " + status + " for " + path);
			}
		}
	}

	private int status(String url) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
			return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A value of the compose file with its host names and ports replaced by this topology's: a {@code *_HOST} that
	 * names a service, a {@code *_PORT} (Redis's or PostgreSQL's), and {@code host:port} in URLs. Anything else, e.g.
	 * {@code SPRING_PROFILES_ACTIVE=redis}, stays as it is.
	 */
	private String map(String name, String value) {
		if (name.endsWith("_HOST")) {
			if (!ADDRESSES.containsKey(value)) {
				throw new IllegalStateException(COMPOSE_FILE + ": " + name + "=" + value + " is no service");
			}
			return ADDRESSES.get(value);
		}
		if (name.endsWith("_PORT")) {
			if (value.equals(String.valueOf(REDIS_PORT))) {
				return String.valueOf(this.ports.get(REDIS));
			}
			if (value.equals(String.valueOf(POSTGRES_PORT))) {
				return String.valueOf(this.ports.get(POSTGRES));
			}
			throw new IllegalStateException(COMPOSE_FILE + ": " + name + "=" + value + " is a port this test cannot map");
		}
		Matcher hostPort = URL_HOST.matcher(value);
		StringBuilder mapped = new StringBuilder();
		while (hostPort.find()) {
			String host = hostPort.group(1);
			int port = Integer.parseInt(hostPort.group(2));
			// The browser's address: nginx, published on the host's port 8080.
			String service = "localhost".equals(host) ? NGINX : host;
			if (!ADDRESSES.containsKey(service) || port != COMPOSE_PORT) {
				throw new IllegalStateException(
						COMPOSE_FILE + ": " + name + "=" + value + " names " + hostPort.group() + ", not mapped here");
			}
			hostPort.appendReplacement(mapped, Matcher.quoteReplacement(hostPort(service)));
		}
		hostPort.appendTail(mapped);
		return mapped.toString();
	}

	private String hostPort(String service) {
		return ADDRESSES.get(service) + ":" + this.ports.get(service);
	}

	private String url(String service) {
		return "http://" + hostPort(service);
	}

	/** What a container starts with: a path and a home, nothing of the test's own environment. */
	private static Map<String, String> baseEnvironment() {
		Map<String, String> environment = new LinkedHashMap<>();
		for (String name : List.of("PATH", "HOME", "TMPDIR", "LANG")) {
			if (System.getenv(name) != null) {
				environment.put(name, System.getenv(name));
			}
		}
		return environment;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> services() {
		Map<String, Object> compose = new Yaml().load(read(COMPOSE_FILE));
		return (Map<String, Object>) compose.get("services");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> environment(Map<String, Object> services, String service) {
		Map<String, Object> definition = (Map<String, Object>) services.get(service);
		Map<String, String> environment = new LinkedHashMap<>();
		Object declared = definition.get("environment");
		if (declared instanceof Map<?, ?> map) {
			map.forEach((name, value) -> environment.put(String.valueOf(name), String.valueOf(value)));
		}
		else if (declared != null) {
			throw new IllegalStateException(COMPOSE_FILE + ": write " + service + "'s environment as a map");
		}
		return environment;
	}

	/** The file the compose file mounts as nginx's site config ({@code ./deploy/nginx.conf:/etc/nginx/conf.d/...}). */
	@SuppressWarnings("unchecked")
	private static Path nginxSite(Map<String, Object> services) {
		List<String> volumes = (List<String>) ((Map<String, Object>) services.get(NGINX)).get("volumes");
		return volumes.stream()
			.filter((volume) -> volume.contains(":/etc/nginx/"))
			.map((volume) -> Path.of(volume.substring(0, volume.indexOf(':'))))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(COMPOSE_FILE + ": nginx mounts no config: " + volumes));
	}

	/** The jar {@code package} built; Failsafe runs after it. */
	private static Path jar() {
		try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "ai-key-wizard-*.jar")) {
			for (Path jar : jars) {
				if (!jar.getFileName().toString().endsWith("-plain.jar")) {
					return jar.toAbsolutePath();
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new IllegalStateException("no target/ai-key-wizard-*.jar: run ./mvnw package first (Failsafe runs after it)");
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
