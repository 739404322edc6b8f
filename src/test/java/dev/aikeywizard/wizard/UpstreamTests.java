package dev.aikeywizard.wizard;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.aikeywizard.cloud.CloudProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** A call sent ahead ({@link Upstream#send}) is on its way at once, made once, and its answer read where awaited. */
class UpstreamTests {

	final CloudProperties cloud = mock(CloudProperties.class);

	final Upstream upstream = new Upstream(this.cloud, Clock.systemUTC());

	final List<Throwable> dropped = new ArrayList<>();

	UpstreamTests() {
		when(this.cloud.budget()).thenReturn(Duration.ofSeconds(20));
		Hooks.onErrorDropped(this.dropped::add);
	}

	@AfterEach
	void resetHooks() {
		Hooks.resetOnErrorDropped();
	}

	@Test
	void aSentCallIsOnItsWayBeforeAnyoneWaitsAndIsMadeOnce() {
		AtomicInteger made = new AtomicInteger();
		Mono<String> answer = this.upstream.send(Mono.fromSupplier(() -> {
			made.incrementAndGet();
			return "tokens";
		}), Duration.ofSeconds(2));
		assertThat(made).as("sent before anything awaits it").hasValue(1);
		assertThat(this.upstream.await(answer)).isEqualTo("tokens");
		assertThat(this.upstream.await(answer)).isEqualTo("tokens");
		assertThat(made).as("awaiting twice sends nothing again").hasValue(1);
	}

	@Test
	void aFailureReachesWhoeverAwaitsItAndIsNotReportedAsDropped() {
		Mono<String> answer = this.upstream.send(Mono.error(new IllegalStateException("refused")),
				Duration.ofSeconds(2));
		assertThatThrownBy(() -> this.upstream.await(answer)).hasMessageContaining("refused");
		assertThat(this.dropped).isEmpty();
	}

}
