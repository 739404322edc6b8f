package dev.aikeywizard.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulator answers a call its latency after the call arrived, its own work done within that time (it used to
 * sleep the latency and then work, so every call took the latency plus the emulator's few milliseconds).
 */
class SandboxLatencyTests {

	static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

	final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	final List<Long> slept = new ArrayList<>();

	final List<String> bodyWhenSleeping = new ArrayList<>();

	final MockHttpServletResponse response = new MockHttpServletResponse();

	final SandboxLatency latency = new SandboxLatency(Duration.ofMillis(100), Clock.fixed(NOW, ZoneOffset.UTC),
			this.nanos::get, (wait) -> {
				this.bodyWhenSleeping.add(new String(this.response.getContentAsByteArray(), StandardCharsets.UTF_8));
				this.slept.add(wait);
				this.nanos.addAndGet(wait);
			}, SandboxConfiguration.API_PATHS);

	@Test
	void theEmulatorsWorkIsDoneWithinTheLatencyAndTheAnswerHeldBackUntilItsMoment() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/sandbox/iam/iam/v1/serviceAccounts");
		this.latency.doFilter(request, this.response, work(Duration.ofMillis(30), request));
		assertThat(this.slept).containsExactly(Duration.ofMillis(70).toNanos());
		assertThat(this.bodyWhenSleeping).containsExactly("");
		assertThat(this.response.getContentAsString()).isEqualTo("{\"serviceAccounts\":[]}");
		assertThat(SandboxLatency.answerAt(request)).isEqualTo(NOW.plusMillis(100));
	}

	@Test
	void workLongerThanTheLatencyIsAnsweredWhenDone() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/sandbox/oauth/token");
		this.latency.doFilter(request, this.response, work(Duration.ofMillis(130), request));
		assertThat(this.slept).isEmpty();
		assertThat(this.response.getContentAsString()).isEqualTo("{\"serviceAccounts\":[]}");
	}

	@Test
	void anInterruptedWaitStillAnswersAndKeepsTheInterrupt() throws Exception {
		SandboxLatency interrupted = new SandboxLatency(Duration.ofMillis(100), Clock.fixed(NOW, ZoneOffset.UTC),
				this.nanos::get, (wait) -> {
					throw new InterruptedException();
				}, SandboxConfiguration.API_PATHS);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/sandbox/iam/iam/v1/serviceAccounts");
		try {
			interrupted.doFilter(request, this.response, work(Duration.ofMillis(30), request));
			assertThat(this.response.getContentAsString()).isEqualTo("{\"serviceAccounts\":[]}");
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void theBrowsersPagesOfTheEmulatorAreNotDelayed() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/sandbox/oauth/authorize");
		this.latency.doFilter(request, this.response, work(Duration.ofMillis(5), request));
		assertThat(this.slept).isEmpty();
		assertThat(request.getAttribute(SandboxLatency.class.getName() + ".answerAt")).isNull();
	}

	/** A handler that takes {@code took} and writes (and flushes) a small JSON answer. */
	private MockFilterChain work(Duration took, MockHttpServletRequest expected) {
		return new MockFilterChain(new HttpServlet() {
			@Override
			protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
				assertThat(request).isSameAs(expected);
				SandboxLatencyTests.this.nanos.addAndGet(took.toNanos());
				response.setContentType("application/json");
				response.getOutputStream().write("{\"serviceAccounts\":[]}".getBytes(StandardCharsets.UTF_8));
				response.flushBuffer();
			}
		});
	}

}
