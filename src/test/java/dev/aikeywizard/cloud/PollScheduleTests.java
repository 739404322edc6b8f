package dev.aikeywizard.cloud;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The operation poll schedule: soon, then backing off by half each time to a cap, never past the deadline. */
class PollScheduleTests {

	static Duration ms(long millis) {
		return Duration.ofMillis(millis);
	}

	final PollSchedule schedule = new CloudProperties.Polling(ms(100), ms(1000), Duration.ofSeconds(60)).schedule();

	@Test
	void theDefaultsPollAfter100MillisAndBackOffToOneSecond() {
		CloudProperties.Polling defaults = new CloudProperties.Polling(ms(100), ms(1000), Duration.ofSeconds(60));
		assertThat(defaults.schedule()).isEqualTo(new PollSchedule(ms(100), ms(1000)));
		assertThat(this.schedule.waits(14)).containsExactly(ms(100), ms(125), ms(157), ms(197), ms(247), ms(309),
				ms(387), ms(484), ms(605), ms(757), ms(947), ms(1000), ms(1000), ms(1000));
	}

	@Test
	void theNextPollKeepsToTheScheduleCountedFromTheStart() {
		// Polls are due at 100, 225, 382, 579, 826, 1135, 1522, 2006, 2611, 3368, 4315, 5315 ms after the start.
		assertThat(this.schedule.nextDelay(ms(0), ms(60_000))).isEqualTo(ms(100));
		assertThat(this.schedule.nextDelay(ms(130), ms(60_000))).isEqualTo(ms(95));
		assertThat(this.schedule.nextDelay(ms(250), ms(60_000))).isEqualTo(ms(132));
		assertThat(this.schedule.nextDelay(ms(900), ms(60_000))).isEqualTo(ms(235));
		assertThat(this.schedule.nextDelay(ms(5315), ms(60_000))).isEqualTo(ms(1000));
		// Past the cap every wait is the cap, however late the last poll came back.
		assertThat(this.schedule.nextDelay(ms(30_500), ms(60_000))).isBetween(ms(1), ms(1000));
	}

	@Test
	void neverWaitsPastTheDeadlineAndAlwaysALittle() {
		assertThat(this.schedule.nextDelay(ms(2081), ms(300))).isEqualTo(ms(300));
		assertThat(this.schedule.nextDelay(ms(2081), Duration.ZERO)).isEqualTo(ms(10));
		assertThat(this.schedule.nextDelay(ms(825), ms(60_000))).isEqualTo(ms(10));
	}

	@Test
	void theSequenceIsBoundedByTheCap() {
		List<Duration> waits = new PollSchedule(ms(40), ms(60)).waits(5);
		assertThat(waits).containsExactly(ms(40), ms(50), ms(60), ms(60), ms(60));
	}

	@Test
	void aCapBelowTheFirstWaitIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PollSchedule(ms(100), ms(50)));
		assertThatIllegalArgumentException().isThrownBy(() -> new PollSchedule(Duration.ZERO, ms(50)));
	}

}
