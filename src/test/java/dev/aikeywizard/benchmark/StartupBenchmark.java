package dev.aikeywizard.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.aikeywizard.support.ChildProcess;
import dev.aikeywizard.support.FreePort;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up time and memory of this app against a bare Spring Boot webmvc app of the same Boot version
 * ({@link BareBootApp}), both started as {@code java [flags] -jar x.jar} with the same JVM flags
 * ({@code -Dbenchmark.startup.jvm-args="..."}, default none), on free ports, {@code -Dbenchmark.startup.runs=N} times
 * each (default 3, interleaved so a busy machine slows all alike, after one warm-up start each that is not counted).
 * Measured: milliseconds from starting the process to the first 200 on {@code GET /} (this app's landing page, the
 * bare app's {@code hello}), the "Started ... in" figure the app logs itself, and the resident set size
 * ({@code VmRSS} of {@code /proc/<pid>/status}) two seconds after that first answer and again after 20 more
 * requests. This app runs twice: as it ships (the sandbox on, the management server on a port of its own) and with
 * {@code app.sandbox.enabled=false}, which says what the sandbox costs. Its audit database is an H2 file under
 * {@code target/benchmark/startup-audit} (the warm-up start migrates it, as the first start of an installation
 * does).
 * <p>
 * With {@code -Dbenchmark.startup.cds=true} (the default) every contender is measured a second time with Class Data
 * Sharing, both given the same treatment: the jar extracted ({@code -Djarmode=tools extract}), one training run
 * ({@code -XX:ArchiveClassesAtExit}, {@code -Dspring.context.exit=onRefresh}) and then {@code -XX:SharedArchiveFile}.
 * <p>
 * Writes {@code target/benchmark/startup.md} (a Markdown table with medians, min-max and the ratios to the bare app)
 * and prints it. Timing never fails it: only a contender that does not start at all does. Part of
 * {@code ./mvnw verify -Pbenchmark} (it needs the app's jar, so it runs after {@code package});
 * {@code -Dit.test=StartupBenchmark} runs it alone.
 */
@Tag("benchmark")
class StartupBenchmark {

	private static final Path PROJECT = Path.of("").toAbsolutePath();

	private static final Path OUT = PROJECT.resolve("target/benchmark");

	private static final Duration START_LIMIT = Duration.ofMinutes(5);

	private static final int REQUESTS = 20;

	private static final Pattern STARTED = Pattern.compile("Started \\w+ in ([0-9.]+) seconds");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private final List<String> jvmFlags = Arrays.stream(System.getProperty("benchmark.startup.jvm-args", "").trim()
		.split("\\s+")).filter((flag) -> !flag.isEmpty()).toList();

	/** One application as it is started: a name for the table, its jar and its program arguments. */
	record Contender(String name, Path jar, List<String> arguments) {
	}

	/** How the JVM is given the jar: plainly, or extracted and with a shared class archive. */
	record Launch(String mode, List<String> javaArguments) {
	}

	/** One measured start. */
	record Start(long readyMillis, long cpuMillis, double startedSeconds, long rssAfterStartKb, long rssAfterRequestsKb) {
	}

	@Test
	void startupAndMemoryAgainstABareBootApp() throws Exception {
		int runs = Integer.getInteger("benchmark.startup.runs", 3);
		boolean cds = Boolean.parseBoolean(System.getProperty("benchmark.startup.cds", "true"));
		Path appJar = appJar();
		Path bareJar = BareBootApp.jar(PROJECT);
		Path audit = OUT.resolve("startup-audit");
		deleteRecursively(audit);
		List<String> appArguments = List.of(
				"--spring.datasource.url=jdbc:h2:file:" + audit.resolve("audit") + ";DB_CLOSE_ON_EXIT=FALSE");
		List<Contender> contenders = List.of(new Contender("bare Boot webmvc", bareJar, List.of()),
				new Contender("ai-key-wizard", appJar, appArguments),
				new Contender("ai-key-wizard, sandbox off", appJar,
						concat(appArguments, List.of("--app.sandbox.enabled=false"))));

		Map<String, Map<Contender, List<Start>>> results = new LinkedHashMap<>();
		Map<Contender, Launch> plain = new LinkedHashMap<>();
		contenders.forEach((contender) -> plain.put(contender,
				new Launch("plain", concat(this.jvmFlags, List.of("-jar", contender.jar().toString())))));
		results.put("plain `java -jar`", measure(plain, runs, true));
		if (cds) {
			Map<Contender, Launch> shared = new LinkedHashMap<>();
			for (Contender contender : contenders) {
				shared.put(contender, withClassDataSharing(contender));
			}
			results.put("CDS for both", measure(shared, runs, false));
		}
		String table = table(results, runs);
		System.out.println(table);
		Files.createDirectories(OUT);
		Files.writeString(OUT.resolve("startup.md"), table, StandardCharsets.UTF_8);
		results.values().forEach((byContender) -> byContender.values()
			.forEach((starts) -> assertThat(starts).hasSize(runs)));
	}

	private Map<Contender, List<Start>> measure(Map<Contender, Launch> launches, int runs, boolean warmUp)
			throws Exception {
		Map<Contender, List<Start>> starts = new LinkedHashMap<>();
		if (warmUp) {
			for (Map.Entry<Contender, Launch> launch : launches.entrySet()) {
				start(launch.getKey(), launch.getValue(), "warm-up");
			}
		}
		for (int run = 1; run <= runs; run++) {
			for (Map.Entry<Contender, Launch> launch : launches.entrySet()) {
				Start start = start(launch.getKey(), launch.getValue(), "run-" + run);
				starts.computeIfAbsent(launch.getKey(), (contender) -> new ArrayList<>()).add(start);
				System.out.printf("%s (%s), run %d: first 200 after %d ms (CPU %d ms), Started in %.2f s, RSS %d KB, %d KB after %d requests%n",
						launch.getKey().name(), launch.getValue().mode(), run, start.readyMillis(), start.cpuMillis(),
						start.startedSeconds(), start.rssAfterStartKb(), start.rssAfterRequestsKb(), REQUESTS);
			}
		}
		return starts;
	}

	/** Starts the contender, waits for its first 200 on {@code /}, measures and stops it. */
	private Start start(Contender contender, Launch launch, String label) throws Exception {
		int port = FreePort.find();
		List<String> command = new ArrayList<>();
		command.add(java());
		command.addAll(launch.javaArguments());
		command.add("--server.port=" + port);
		// The app's management server stays on a port of its own, as in production (a second Tomcat).
		command.add("--management.server.port=" + FreePort.find());
		command.addAll(contender.arguments());
		Path log = OUT.resolve("startup-logs/" + slug(contender.name()) + "-" + launch.mode() + "-" + label + ".log");
		URI root = URI.create("http://127.0.0.1:" + port + "/");
		long begin = System.nanoTime();
		try (ChildProcess process = ChildProcess.start(contender.name(), command, environment(), PROJECT, log)) {
			while (status(root) != 200) {
				if (!process.isAlive() || System.nanoTime() - begin > START_LIMIT.toNanos()) {
					throw new AssertionError(contender.name() + " did not answer 200 on / ("
							+ (process.isAlive() ? "within " + START_LIMIT : "it exited") + ")\n" + process.tail(60));
				}
				Thread.sleep(20);
			}
			long ready = (System.nanoTime() - begin) / 1_000_000;
			long cpu = cpuMillis(process.pid());
			Thread.sleep(2000);
			long rssAfterStart = rssKb(process.pid());
			for (int request = 0; request < REQUESTS; request++) {
				status(root);
			}
			Thread.sleep(500);
			long rssAfterRequests = rssKb(process.pid());
			return new Start(ready, cpu, startedSeconds(log), rssAfterStart, rssAfterRequests);
		}
	}

	/**
	 * Extracts the contender's jar (the layout Spring Boot documents for CDS) and records its class archive with one
	 * training run that stops once the context is refreshed.
	 */
	private Launch withClassDataSharing(Contender contender) throws Exception {
		Path directory = OUT.resolve("cds/" + slug(contender.jar().getFileName().toString()));
		Path jar = directory.resolve(contender.jar().getFileName());
		Path archive = directory.resolve("application.jsa");
		if (!Files.exists(archive) || Files.getLastModifiedTime(archive)
			.compareTo(Files.getLastModifiedTime(contender.jar())) < 0) {
			deleteRecursively(directory);
			run(contender.name() + " extract", List.of(java(), "-Djarmode=tools", "-jar", contender.jar().toString(),
					"extract", "--destination", directory.toString()), directory.getParent());
			List<String> training = new ArrayList<>(List.of(java()));
			training.addAll(this.jvmFlags);
			training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh", "-jar",
					jar.toString(), "--server.port=" + FreePort.find(), "--management.server.port=" + FreePort.find()));
			training.addAll(contender.arguments());
			run(contender.name() + " CDS training", training, PROJECT);
		}
		return new Launch("CDS",
				concat(this.jvmFlags, List.of("-XX:SharedArchiveFile=" + archive, "-jar", jar.toString())));
	}

	private void run(String name, List<String> command, Path directory) throws IOException {
		Files.createDirectories(directory);
		Path log = OUT.resolve("startup-logs/" + slug(name) + ".log");
		try (ChildProcess process = ChildProcess.start(name, command, environment(), directory, log)) {
			if (!process.awaitExit(START_LIMIT)) {
				throw new AssertionError(name + " did not finish within " + START_LIMIT + "\n" + process.tail(60));
			}
		}
	}

	private int status(URI uri) {
		try {
			HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
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

	static String table(Map<String, Map<Contender, List<Start>>> results, int runs) {
		StringBuilder md = new StringBuilder("## Start-up and memory against a bare Boot webmvc app\n\n");
		md.append(runs)
			.append(" starts each (medians; min-max in brackets). Start-up: from starting the process to the first 200 on `/`. ")
			.append("RSS: VmRSS 2 s after that, and after ")
			.append(REQUESTS)
			.append(" more requests. CPU time: user and system time of all the JVM's threads up to that first 200, ")
			.append("the steadier figure on a busy machine. Ratios: medians against the bare app launched the same way.\n\n");
		md.append("| launch | app | start-up to first 200 | CPU time to it | logged \"Started in\" | RSS after start | RSS after ")
			.append(REQUESTS)
			.append(" requests | start-up ratio | CPU ratio | RSS ratio |\n");
		md.append("|---|---|---|---|---|---|---|---|---|---|\n");
		results.forEach((launch, byContender) -> {
			List<Start> bare = byContender.values().iterator().next();
			long bareReady = median(bare, Start::readyMillis);
			long bareRss = median(bare, Start::rssAfterRequestsKb);
			long bareCpu = median(bare, Start::cpuMillis);
			byContender.forEach((contender, starts) -> {
				long ready = median(starts, Start::readyMillis);
				long rss = median(starts, Start::rssAfterRequestsKb);
				long cpu = median(starts, Start::cpuMillis);
				md.append("| ")
					.append(launch)
					.append(" | ")
					.append(contender.name())
					.append(" | ")
					.append(ready)
					.append(" ms (")
					.append(min(starts, Start::readyMillis))
					.append("-")
					.append(max(starts, Start::readyMillis))
					.append(") | ")
					.append(cpu)
					.append(" ms | ")
					.append(String.format("%.2f s", median(starts, (start) -> (long) (start.startedSeconds() * 1000)) / 1000.0))
					.append(" | ")
					.append(mb(median(starts, Start::rssAfterStartKb)))
					.append(" | ")
					.append(mb(rss))
					.append(" (")
					.append(mb(min(starts, Start::rssAfterRequestsKb)))
					.append("-")
					.append(mb(max(starts, Start::rssAfterRequestsKb)))
					.append(") | ")
					.append(String.format("%.2fx", (double) ready / bareReady))
					.append(" | ")
					.append(String.format("%.2fx", (double) cpu / bareCpu))
					.append(" | ")
					.append(String.format("%.2fx", (double) rss / bareRss))
					.append(" |\n");
			});
		});
		return md.toString();
	}

	private static long median(List<Start> starts, ToLongFunction<Start> figure) {
		long[] sorted = starts.stream().mapToLong(figure).sorted().toArray();
		return (sorted.length % 2 == 1) ? sorted[sorted.length / 2]
				: (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
	}

	private static long min(List<Start> starts, ToLongFunction<Start> figure) {
		return starts.stream().mapToLong(figure).min().orElse(0);
	}

	private static long max(List<Start> starts, ToLongFunction<Start> figure) {
		return starts.stream().mapToLong(figure).max().orElse(0);
	}

	private static String mb(long kb) {
		return (kb < 0) ? "n/a" : (kb / 1024) + " MB";
	}

	/** CPU time (user and system, all threads) the process has used so far, or -1 where the system does not say. */
	private static long cpuMillis(long pid) {
		return ProcessHandle.of(pid)
			.flatMap((handle) -> handle.info().totalCpuDuration())
			.map(Duration::toMillis)
			.orElse(-1L);
	}

	/** VmRSS of {@code /proc/<pid>/status} in KB, or -1 where there is no {@code /proc}. */
	private static long rssKb(long pid) throws IOException {
		Path status = Path.of("/proc/" + pid + "/status");
		if (!Files.exists(status)) {
			return -1;
		}
		try (Stream<String> lines = Files.lines(status)) {
			return lines.filter((line) -> line.startsWith("VmRSS:"))
				.map((line) -> Long.parseLong(line.replaceAll("\\D", "")))
				.findFirst()
				.orElse(-1L);
		}
	}

	private static double startedSeconds(Path log) throws IOException {
		Matcher matcher = STARTED.matcher(Files.readString(log));
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
	}

	private static Path appJar() throws IOException {
		try (Stream<Path> files = Files.list(PROJECT.resolve("target"))) {
			return files
				.filter((file) -> file.getFileName().toString().matches("ai-key-wizard-.*\\.jar")
						&& !file.getFileName().toString().endsWith("-plain.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"No target/ai-key-wizard-*.jar: run ./mvnw verify -Pbenchmark (package comes first)"));
		}
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/** What the started JVMs see: a path, a home and a language, nothing of the test's own settings. */
	private static Map<String, String> environment() {
		Map<String, String> environment = new LinkedHashMap<>();
		for (String name : List.of("PATH", "HOME", "LANG", "TMPDIR")) {
			String value = System.getenv(name);
			if (value != null) {
				environment.put(name, value);
			}
		}
		return environment;
	}

	private static String slug(String name) {
		return name.toLowerCase().replaceAll("[^a-z0-9.]+", "-");
	}

	private static List<String> concat(List<String> first, List<String> second) {
		return Stream.concat(first.stream(), second.stream()).toList();
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
				Files.delete(path);
			}
		}
	}

}
