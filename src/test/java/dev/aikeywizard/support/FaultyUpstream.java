package dev.aikeywizard.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a fixed loopback port in front of the real upstream (the sandbox), with a switch for the fault
 * to inject. {@link Mode#UP} forwards both ways; {@link Mode#REFUSE} closes the listening socket, so connecting
 * fails with "connection refused"; {@link Mode#HANG} accepts and never answers; {@link Mode#LOSE_MUTATION_RESPONSES}
 * forwards every request (so the upstream applies it) and every answer to a GET, but drops the answers to POST,
 * PATCH, PUT and DELETE: the change is made and the caller never learns it. Each switch cuts the connections
 * already open, so a pooled keep-alive connection cannot bypass the fault.
 */
public final class FaultyUpstream implements AutoCloseable {

	public enum Mode {

		UP, REFUSE, HANG, LOSE_MUTATION_RESPONSES

	}

	private final int port;

	private final int targetPort;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final AtomicInteger accepted = new AtomicInteger();

	private volatile Mode mode = Mode.UP;

	private volatile ServerSocket server;

	public FaultyUpstream(int port, int targetPort) {
		this.port = port;
		this.targetPort = targetPort;
	}

	public int port() {
		return this.port;
	}

	/** Connections accepted so far (each proof that the app did try to reach the upstream). */
	public int accepted() {
		return this.accepted.get();
	}

	public synchronized FaultyUpstream mode(Mode mode) {
		this.mode = mode;
		cutOpenConnections();
		if (mode == Mode.REFUSE) {
			closeServer();
		}
		else if (this.server == null) {
			listen();
		}
		return this;
	}

	public Mode mode() {
		return this.mode;
	}

	private void listen() {
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
			this.server = socket;
			Thread acceptor = new Thread(() -> acceptLoop(socket), "faulty-upstream-" + this.port);
			acceptor.setDaemon(true);
			acceptor.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void acceptLoop(ServerSocket socket) {
		while (!socket.isClosed()) {
			try {
				Socket client = socket.accept();
				this.accepted.incrementAndGet();
				this.open.add(client);
				Mode now = this.mode;
				if (now == Mode.HANG) {
					// keep it open, read nothing, answer nothing
					continue;
				}
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				this.open.add(upstream);
				AtomicBoolean answer = new AtomicBoolean(true);
				pipe(client, upstream, (chunk, n) -> {
					if (now == Mode.LOSE_MUTATION_RESPONSES) {
						String start = new String(chunk, 0, Math.min(n, 8), StandardCharsets.US_ASCII);
						if (start.startsWith("GET ")) {
							answer.set(true);
						}
						else if (start.matches("^(POST|PATCH|PUT|DELETE) .*")) {
							answer.set(false);
						}
					}
					return true;
				});
				pipe(upstream, client, (chunk, n) -> answer.get());
			}
			catch (IOException ex) {
				// closed by a switch, or the upstream is gone: the client sees a reset
			}
		}
	}

	/** Decides, per chunk read, whether it is passed on. */
	private interface Gate {

		boolean pass(byte[] chunk, int length);

	}

	private void pipe(Socket from, Socket to, Gate gate) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try {
				InputStream in = from.getInputStream();
				OutputStream out = to.getOutputStream();
				int n;
				while ((n = in.read(buffer)) >= 0) {
					if (gate.pass(buffer, n)) {
						out.write(buffer, 0, n);
						out.flush();
					}
				}
				to.shutdownOutput();
			}
			catch (IOException ex) {
				// connection cut
			}
		}, "faulty-upstream-pipe");
		thread.setDaemon(true);
		thread.start();
	}

	private void cutOpenConnections() {
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
		this.open.clear();
	}

	private void closeServer() {
		if (this.server != null) {
			try {
				this.server.close();
			}
			catch (IOException ex) {
				// already closed
			}
			this.server = null;
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public synchronized void close() {
		closeServer();
		cutOpenConnections();
	}

}
