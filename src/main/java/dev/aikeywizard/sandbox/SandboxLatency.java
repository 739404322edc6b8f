package dev.aikeywizard.sandbox;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The strict emulator's latency ({@code app.sandbox.latency}): every emulated API call is answered that long after it
 * arrived, as a remote service that takes that long answers. The emulator's own work happens inside that time instead
 * of being added to it (a call whose work takes longer, the slow persona's, is answered when its work is done); the
 * answer is held back whole until its moment. Operations count their duration from that moment, when their caller
 * learns of them ({@link #answerAt(HttpServletRequest)}), so an operation step's shortest path stays: the call, the
 * operation's duration, the poll that sees it done.
 */
final class SandboxLatency extends OncePerRequestFilter {

	private static final String ANSWER_AT = SandboxLatency.class.getName() + ".answerAt";

	private final Duration latency;

	private final List<PathPattern> apiPaths;

	private final Clock clock;

	private final LongSupplier nanoTime;

	private final Sleeper sleeper;

	/** Waits; a seam for tests. */
	interface Sleeper {

		void sleep(long nanos) throws InterruptedException;

	}

	SandboxLatency(Duration latency, String... apiPaths) {
		this(latency, Clock.systemUTC(), System::nanoTime, TimeUnit.NANOSECONDS::sleep, apiPaths);
	}

	SandboxLatency(Duration latency, Clock clock, LongSupplier nanoTime, Sleeper sleeper, String... apiPaths) {
		this.latency = latency;
		this.clock = clock;
		this.nanoTime = nanoTime;
		this.sleeper = sleeper;
		this.apiPaths = Arrays.stream(apiPaths).map(PathPatternParser.defaultInstance::parse).toList();
	}

	/**
	 * When the call being handled is answered at the earliest: its arrival plus the latency (now, for a call without
	 * one); work that takes longer (the slow persona's) is answered when done.
	 */
	static Instant answerAt(HttpServletRequest request) {
		return (request.getAttribute(ANSWER_AT) instanceof Instant answerAt) ? answerAt : Instant.now();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (this.latency.isZero() || this.latency.isNegative()) {
			return true;
		}
		PathContainer path = PathContainer.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
		return this.apiPaths.stream().noneMatch((pattern) -> pattern.matches(path));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long answerAt = this.nanoTime.getAsLong() + this.latency.toNanos();
		request.setAttribute(ANSWER_AT, this.clock.instant().plus(this.latency));
		ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
		boolean handled = false;
		try {
			chain.doFilter(request, held);
			handled = true;
		}
		finally {
			boolean interrupted = waitUntil(answerAt);
			try {
				held.copyBodyToResponse();
			}
			catch (IOException ex) {
				if (handled) {
					throw ex;
				}
				// otherwise the handler's own failure is the one that goes on
			}
			finally {
				if (interrupted) {
					// after the answer is written: an interrupted thread may not write to its socket
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	/** Waits until {@code answerAt}; true when the wait was interrupted (the caller restores the flag). */
	private boolean waitUntil(long answerAt) {
		long left = answerAt - this.nanoTime.getAsLong();
		if (left > 0) {
			try {
				this.sleeper.sleep(left);
			}
			catch (InterruptedException ex) {
				return true;
			}
		}
		return false;
	}

}
