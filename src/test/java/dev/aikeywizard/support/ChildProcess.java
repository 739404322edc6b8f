package dev.aikeywizard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process a test starts and must not leave behind: its output (stdout and stderr together) goes to a file, whose
 * tail a failing test prints, and {@link #close()} ends it with all its descendants (nginx's workers), politely first
 * and forcibly after ten seconds.
 */
public final class ChildProcess implements AutoCloseable {

	private final String name;

	private final Process process;

	private final Path log;

	private ChildProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts {@code command} in {@code directory} with exactly {@code environment} (nothing inherited from the test's
	 * own environment but what is listed there), writing the command, the environment and then its output to
	 * {@code log}.
	 */
	public static ChildProcess start(String name, List<String> command, Map<String, String> environment,
			Path directory, Path log) {
		try {
			Files.createDirectories(log.getParent());
			// What it was started with heads its log, so a failure report shows it.
			Files.writeString(log, "$ " + String.join(" ", command) + "\n  environment: " + environment + "\n");
			ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			builder.environment().clear();
			builder.environment().putAll(environment);
			return new ChildProcess(name, builder.start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start " + name + ": " + command, ex);
		}
	}

	public String name() {
		return this.name;
	}

	public Path log() {
		return this.log;
	}

	/** The operating system's id of the process (e.g. for {@code /proc/<pid>/status}). */
	public long pid() {
		return this.process.pid();
	}

	/** Waits up to {@code timeout} for it to end by itself (e.g. a training run that exits); true when it did. */
	public boolean awaitExit(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** The last lines of its output, headed by its name and state, for a failure report. */
	public String tail(int lines) {
		return tail(this.name + (isAlive() ? " (running)" : " (exited " + exitValue() + ")"), this.log, lines);
	}

	/** The last lines of any log file, headed by {@code title}. */
	public static String tail(String title, Path log, int lines) {
		List<String> all;
		try {
			all = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of("(no output)");
		}
		catch (IOException | UncheckedIOException ex) {
			all = List.of("(cannot read " + log + ": " + ex + ")");
		}
		StringBuilder text = new StringBuilder("---- ").append(title).append(", last ").append(lines)
			.append(" lines of ").append(log).append(" ----\n");
		all.subList(Math.max(0, all.size() - lines), all.size()).forEach((line) -> text.append(line).append('\n'));
		return text.toString();
	}

	/** Ends it at once (SIGKILL), as a crash or an OOM kill would: no shutdown hook, no goodbye to anyone. */
	public void kill() {
		await(signal(true));
		reap();
	}

	@Override
	public void close() {
		closeAll(List.of(this));
	}

	/** Asks all of them to stop at once, then waits for each: ten seconds in all, then forcibly. */
	public static void closeAll(List<ChildProcess> processes) {
		List<ProcessHandle> trees = new ArrayList<>();
		processes.forEach((process) -> trees.addAll(process.signal(false)));
		await(trees);
		processes.forEach(ChildProcess::reap);
	}

	/** Waits until the JVM has collected its exit, so {@link #isAlive()} is false from here on. */
	private void reap() {
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Signals the process and its descendants, collected first: once the parent is gone they are re-parented. */
	private List<ProcessHandle> signal(boolean forcibly) {
		List<ProcessHandle> tree = new ArrayList<>();
		tree.add(this.process.toHandle());
		this.process.descendants().forEach(tree::add);
		for (ProcessHandle handle : tree) {
			if (forcibly) {
				handle.destroyForcibly();
			}
			else {
				handle.destroy();
			}
		}
		return tree;
	}

	private static void await(List<ProcessHandle> tree) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		for (ProcessHandle handle : tree) {
			long left = Math.max(0, deadline - System.nanoTime());
			try {
				handle.onExit().get(left, TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				// still running: forcibly below
			}
			if (handle.isAlive()) {
				handle.destroyForcibly();
			}
		}
	}

	private String exitValue() {
		try {
			return String.valueOf(this.process.exitValue());
		}
		catch (IllegalThreadStateException ex) {
			return "?";
		}
	}

}
