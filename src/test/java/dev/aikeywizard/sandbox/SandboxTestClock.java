package dev.aikeywizard.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A clock a test can move forward: the real time plus an offset. {@link Worlds} makes the sandbox measure credential
 * lifetimes with {@link #CLOCK} (it is deliberately not a {@link Clock} bean, which the wizard would pick up).
 */
final class SandboxTestClock extends Clock {

	static final SandboxTestClock CLOCK = new SandboxTestClock();

	private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

	private SandboxTestClock() {
	}

	void advance(Duration duration) {
		this.offset.updateAndGet((current) -> current.plus(duration));
	}

	void reset() {
		this.offset.set(Duration.ZERO);
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.offset.get());
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	/** The sandbox's world store on {@link #CLOCK}, in place of the application's. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Worlds {

		@Bean
		@Primary
		SandboxWorlds movableSandboxWorlds(SandboxProperties properties) {
			return new SandboxWorlds(CLOCK, properties.maxEntries());
		}

	}

}
