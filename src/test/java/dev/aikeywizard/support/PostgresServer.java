package dev.aikeywizard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's PostgreSQL ({@code apt-get install postgresql}: {@code initdb}, {@code pg_ctl} and {@code postgres} from
 * {@code /usr/lib/postgresql/<version>/bin}, the newest found) as a throw-away server started by the test itself, no
 * Docker: a new cluster in a temporary directory, trust authentication, listening on a free port of 127.0.0.1 only
 * (its Unix socket in that directory too), without fsync. {@link #close()} stops it and deletes the directory.
 * <p>
 * PostgreSQL refuses to run as root, and CI ({@code .ci/run}) runs as root: then every command runs as the
 * {@code postgres} user the Debian package creates ({@code runuser -u postgres}), which owns the directory.
 * {@code -Dpostgres.bin=/path/to/bin} picks another installation.
 */
public final class PostgresServer implements AutoCloseable {

	private static final String OS_USER = "postgres";

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final Path bin;

	private final Path directory;

	private final int port;

	private final boolean asPostgresUser;

	private final Thread shutdownHook = new Thread(this::stop, "postgres-server-shutdown");

	private PostgresServer(Path bin, Path directory, int port, boolean asPostgresUser) {
		this.bin = bin;
		this.directory = directory;
		this.port = port;
		this.asPostgresUser = asPostgresUser;
	}

	/** Creates a cluster and starts it; fails with what to install when there is no PostgreSQL. */
	public static PostgresServer start() {
		Path bin = binaries();
		boolean root = isRoot();
		try {
			Path directory = Files.createTempDirectory("postgres-");
			if (root) {
				UserPrincipal postgres;
				try {
					postgres = directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
				}
				catch (IOException ex) {
					throw new IllegalStateException("running as root, PostgreSQL needs the user " + OS_USER
							+ " that Debian's postgresql package creates: apt-get install -y postgresql", ex);
				}
				Files.setOwner(directory, postgres);
			}
			PostgresServer server = new PostgresServer(bin, directory, FreePort.find(), root);
			Runtime.getRuntime().addShutdownHook(server.shutdownHook);
			try {
				server.initdbAndStart();
			}
			catch (RuntimeException | Error ex) {
				server.close();
				throw ex;
			}
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	/** The JDBC URL of the database {@code name}. */
	public String jdbcUrl(String name) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + name;
	}

	/** The database superuser (no password: trust authentication on 127.0.0.1). */
	public String username() {
		return OS_USER;
	}

	/** Creates a new, empty database and returns its JDBC URL: one per test class keeps them apart. */
	public String createDatabase() {
		String name = "test_" + UUID.randomUUID().toString().replace("-", "");
		execute("CREATE DATABASE " + name);
		return jdbcUrl(name);
	}

	/**
	 * Creates the database {@code name} owned by a new role {@code owner} that logs in with {@code password}, as the
	 * postgres image's {@code POSTGRES_DB}, {@code POSTGRES_USER} and {@code POSTGRES_PASSWORD} do. Names are plain
	 * identifiers (letters, digits, underscores).
	 */
	public String createDatabase(String name, String owner, String password) {
		for (String identifier : new String[] { name, owner }) {
			if (!identifier.matches("[A-Za-z_][A-Za-z0-9_]*")) {
				throw new IllegalArgumentException("not a plain identifier: " + identifier);
			}
		}
		execute("CREATE ROLE " + owner + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
		execute("CREATE DATABASE " + name + " OWNER " + owner);
		return jdbcUrl(name);
	}

	private void execute(String sql) {
		try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), username(), "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot " + sql.split(" ")[0].toLowerCase() + " in PostgreSQL: "
					+ ex.getMessage(), ex);
		}
	}

	/** The server's log, for a failure report. */
	public String log() {
		try {
			Path log = this.directory.resolve("postgres.log");
			return Files.exists(log) ? Files.readString(log) : "";
		}
		catch (IOException ex) {
			return "(cannot read the log: " + ex + ")";
		}
	}

	@Override
	public void close() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the hook runs anyway
		}
		stop();
	}

	private void initdbAndStart() {
		Path data = this.directory.resolve("data");
		run(List.of(this.bin.resolve("initdb").toString(), "-D", data.toString(), "-U", OS_USER, "--auth=trust",
				"--encoding=UTF8", "--no-locale", "--no-sync"));
		String options = "-c listen_addresses=127.0.0.1 -p " + this.port + " -c unix_socket_directories="
				+ this.directory + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
		run(List.of(this.bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
				this.directory.resolve("postgres.log").toString(), "-o", options, "-w", "-t",
				String.valueOf(PATIENCE.toSeconds()), "start"));
	}

	private synchronized void stop() {
		Path data = this.directory.resolve("data");
		try {
			if (Files.exists(data.resolve("postmaster.pid"))) {
				run(List.of(this.bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
						"stop"));
			}
		}
		catch (RuntimeException ex) {
			System.err.println("could not stop PostgreSQL in " + this.directory + ": " + ex.getMessage());
		}
		finally {
			delete(this.directory);
		}
	}

	/** Runs a PostgreSQL program to its end (as the postgres user when this JVM is root). */
	private void run(List<String> command) {
		List<String> full = new ArrayList<>();
		if (this.asPostgresUser) {
			full.addAll(List.of("runuser", "-u", OS_USER, "--"));
		}
		full.addAll(command);
		try {
			Process process = new ProcessBuilder(full).directory(this.directory.toFile())
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", full) + " did not end in " + PATIENCE);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", full) + " exited with " + process.exitValue() + ":\n"
						+ output + "\n" + log());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot run " + full, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The newest {@code /usr/lib/postgresql/<version>/bin} with initdb and pg_ctl, or {@code -Dpostgres.bin}. */
	static Path binaries() {
		String configured = System.getProperty("postgres.bin");
		if (configured != null) {
			return Path.of(configured);
		}
		List<Path> found = new ArrayList<>();
		try (DirectoryStream<Path> versions = Files.newDirectoryStream(Path.of("/usr/lib/postgresql"))) {
			for (Path version : versions) {
				Path bin = version.resolve("bin");
				if (Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))) {
					found.add(bin);
				}
			}
		}
		catch (IOException ex) {
			// none installed: reported below
		}
		return found.stream()
			.max(Comparator.comparingInt(PostgresServer::majorVersion))
			.orElseThrow(() -> new IllegalStateException(
					"no PostgreSQL in /usr/lib/postgresql/*/bin: apt-get install -y postgresql (README, Prerequisites)"));
	}

	private static int majorVersion(Path bin) {
		try {
			return Integer.parseInt(bin.getParent().getFileName().toString());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static boolean isRoot() {
		try {
			return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
		}
		catch (IOException | UnsupportedOperationException ex) {
			return "root".equals(System.getProperty("user.name"));
		}
	}

	private static void delete(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					// a file the server still writes while it dies: the temp directory's cleaner gets it
				}
			});
		}
		catch (IOException ex) {
			// as above
		}
	}

}
