package dev.aikeywizard.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Google Lighthouse, run from the command line on Debian's chromium: installed with {@code npm ci} from the committed
 * {@code benchmark/lighthouse/package.json} and {@code package-lock.json} into {@code target/lighthouse/} (nothing
 * downloads a browser), one audit per call. Any way Lighthouse fails to produce a report (npm, node, chromium, a
 * runtime error, a category without a score) is an {@link IllegalStateException}, so a benchmark built on it can
 * never report scores it did not measure.
 */
final class LighthouseCli {

	static final List<String> CATEGORIES = List.of("performance", "accessibility", "best-practices", "seo");

	/** Chromium as root on a machine without a display or a GPU, and without any call home. */
	static final String CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
			+ "--disable-component-update --no-first-run --disable-sync";

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private final Path home;

	private final Path cli;

	private final String chrome;

	private LighthouseCli(Path home, Path cli, String chrome) {
		this.home = home;
		this.cli = cli;
		this.chrome = chrome;
	}

	/**
	 * Installs the pinned Lighthouse from {@code sources} (its package.json and lock file) into {@code home}, unless
	 * the same lock file is installed there already.
	 */
	static LighthouseCli install(Path sources, Path home, String chrome) throws IOException, InterruptedException {
		if (!Files.isExecutable(Path.of(chrome))) {
			throw new IllegalStateException("no chromium at " + chrome + " (-Dbenchmark.lighthouse.chrome=...)");
		}
		Files.createDirectories(home);
		Path lock = sources.resolve("package-lock.json");
		Path installedLock = home.resolve("package-lock.json");
		Path cli = home.toAbsolutePath().resolve("node_modules/lighthouse/cli/index.js");
		boolean current = Files.exists(cli) && Files.exists(installedLock)
				&& Files.mismatch(lock, installedLock) == -1;
		if (!current) {
			Files.copy(sources.resolve("package.json"), home.resolve("package.json"),
					java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			Files.copy(lock, installedLock, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), home, Map.of(),
					home.resolve("npm-ci.log"), 300);
		}
		if (!Files.exists(cli)) {
			throw new IllegalStateException("npm ci left no " + cli);
		}
		return new LighthouseCli(home, cli, chrome);
	}

	/**
	 * What one audit of one page found; {@code benchmarkIndex} is Lighthouse's measure of the machine's CPU at the time
	 * (its mobile preset expects about 1000 or more), {@code slowCpu} whether Lighthouse warned that it was too slow.
	 */
	record Report(Map<String, Integer> scores, List<String> failingAudits, long benchmarkIndex, boolean slowCpu) {
	}

	/**
	 * Audits {@code url} with the preset {@code mobile} (Lighthouse's default: a Moto G Power, slow 4G simulated) or
	 * {@code desktop}, sending {@code headers} with every request (e.g. a session cookie: written to a file readable
	 * by this user only, deleted right after the run, and scrubbed from the report). Writes the JSON report to
	 * {@code output}.
	 */
	Report audit(String url, String preset, Map<String, String> headers, Path output)
			throws IOException, InterruptedException {
		Files.createDirectories(output.getParent());
		Path headersFile = null;
		try {
			List<String> command = new ArrayList<>(List.of("node", this.cli.toString(), url, "--output=json",
					"--output-path=" + output.toAbsolutePath(), "--only-categories=" + String.join(",", CATEGORIES),
					"--chrome-flags=" + CHROME_FLAGS, "--quiet", "--disable-full-page-screenshot"));
			if ("desktop".equals(preset)) {
				command.add("--preset=desktop");
			}
			if (!headers.isEmpty()) {
				headersFile = Files.createTempFile(this.home, "headers-", ".json",
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
				Files.writeString(headersFile, JSON.writeValueAsString(headers));
				command.add("--extra-headers=" + headersFile.toAbsolutePath());
			}
			Files.deleteIfExists(output);
			run(command, this.home, Map.of("CHROME_PATH", this.chrome), output.resolveSibling(
					output.getFileName().toString().replace(".json", ".log")), 240);
		}
		finally {
			if (headersFile != null) {
				Files.deleteIfExists(headersFile);
			}
		}
		if (!Files.exists(output)) {
			throw new IllegalStateException("Lighthouse wrote no report for " + url);
		}
		ObjectNode report = (ObjectNode) JSON.readTree(output.toFile());
		// The report repeats its settings, extra headers (the session cookie) included: they must not stay on disk.
		((ObjectNode) report.path("configSettings")).remove("extraHeaders");
		String text = JSON.writeValueAsString(report);
		for (String value : headers.values()) {
			if (text.contains(value)) {
				Files.delete(output);
				throw new IllegalStateException("the report of " + url + " held a header sent with it; deleted");
			}
		}
		Files.writeString(output, text);
		if (report.hasNonNull("runtimeError")) {
			throw new IllegalStateException("Lighthouse could not audit " + url + ": " + report.get("runtimeError"));
		}
		return read(report, url);
	}

	private static Report read(JsonNode report, String url) {
		Map<String, Integer> scores = new LinkedHashMap<>();
		List<String> failing = new ArrayList<>();
		for (String category : CATEGORIES) {
			JsonNode node = report.path("categories").path(category);
			if (!node.path("score").isNumber()) {
				throw new IllegalStateException("no " + category + " score for " + url + ": " + node);
			}
			scores.put(category, (int) Math.round(node.path("score").asDouble() * 100));
			for (JsonNode ref : node.path("auditRefs")) {
				JsonNode audit = report.path("audits").path(ref.path("id").asString());
				String mode = audit.path("scoreDisplayMode").asString();
				if (audit.path("score").isNumber() && audit.path("score").asDouble() < 1
						&& (mode.equals("binary") || mode.equals("numeric") || mode.equals("metricSavings"))) {
					String value = audit.path("displayValue").asString("");
					failing.add(String.format("%s: `%s` %s (%.2f, weight %s)%s", category, audit.path("id").asString(),
							audit.path("title").asString(), audit.path("score").asDouble(), ref.path("weight").asString(),
							value.isEmpty() ? "" : " - " + value));
				}
			}
		}
		boolean slowCpu = false;
		for (JsonNode warning : report.path("runWarnings")) {
			slowCpu |= warning.asString().contains("slower CPU");
		}
		return new Report(scores, failing, Math.round(report.path("environment").path("benchmarkIndex").asDouble()),
				slowCpu);
	}

	private static void run(List<String> command, Path directory, Map<String, String> environment, Path log,
			long timeoutSeconds) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		Process process = builder.start();
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			throw new IllegalStateException(command.get(0) + " " + command.get(1) + " took over " + timeoutSeconds
					+ " s; see " + log);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", command.subList(0, 3)) + " exited with "
					+ process.exitValue() + ":\n" + tail(log));
		}
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
	}

}
