package dev.aikeywizard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Debian's {@code redis-server} on a free loopback port, started by the test itself (no Docker): no persistence, no
 * config file. {@link #close()} stops it.
 */
public final class RedisServer implements AutoCloseable {

	public static final String EXECUTABLE = System.getProperty("redis.server", "/usr/bin/redis-server");

	private final Process process;

	private final int port;

	private final Path log;

	private RedisServer(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	public static RedisServer start() {
		try {
			return start(Files.createTempFile("redis-", ".log"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Starts it with its output in {@code log}. */
	public static RedisServer start(Path log) {
		int port = FreePort.find();
		try {
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(EXECUTABLE, "--port", String.valueOf(port), "--bind", "127.0.0.1",
					"--save", "", "--appendonly", "no")
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			RedisServer server = new RedisServer(process, port, log);
			server.awaitPing(Duration.ofSeconds(20));
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start " + EXECUTABLE, ex);
		}
	}

	public int port() {
		return this.port;
	}

	/** A started Lettuce connection factory for this server; the caller destroys it. */
	public LettuceConnectionFactory connections() {
		LettuceConnectionFactory connections = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", this.port));
		connections.afterPropertiesSet();
		connections.start();
		return connections;
	}

	public Path log() {
		return this.log;
	}

	public String uri() {
		return "redis://127.0.0.1:" + this.port;
	}

	private void awaitPing(Duration patience) throws IOException {
		long deadline = System.nanoTime() + patience.toNanos();
		RuntimeException last = null;
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("redis-server exited: " + Files.readString(this.log));
			}
			RedisClient client = RedisClient.create(uri());
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				if ("PONG".equals(connection.sync().ping())) {
					return;
				}
			}
			catch (RuntimeException ex) {
				last = ex;
			}
			finally {
				client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
			}
			sleep(100);
		}
		close();
		throw new IllegalStateException("redis-server did not answer PING on port " + this.port, last);
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
