package dev.aikeywizard.wizard;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Defect 5: the lock is per run, not per hash stripe, and bounded. A user whose request waits on a slow cloud never
 * makes another user wait; a second request of the same run waits at most the bound, then is told "busy".
 */
class LocalRunLocksTests {

	private final ExecutorService threads = Executors.newFixedThreadPool(4);

	@AfterEach
	void stop() {
		this.threads.shutdownNow();
	}

	@Test
	void aSlowRunNeverStallsAnotherRun() throws Exception {
		LocalRunLocks locks = new LocalRunLocks(Duration.ofSeconds(5));
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Future<?> slow = this.threads.submit(() -> locks.withLock("run-a", () -> {
			holding.countDown();
			await(release);
			return null;
		}));
		assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
		// With 64 stripes one in 64 runs shared run-a's lock; any other run must go through at once.
		long started = System.nanoTime();
		for (int i = 0; i < 500; i++) {
			assertThat(locks.withLock("run-" + i, () -> "done")).isEqualTo("done");
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
		release.countDown();
		slow.get(5, TimeUnit.SECONDS);
		assertThat(locks.size()).as("no lock kept for runs nobody uses").isZero();
	}

	@Test
	void requestsOfOneRunTakeTurns() throws Exception {
		LocalRunLocks locks = new LocalRunLocks(Duration.ofSeconds(5));
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		Future<?>[] all = new Future<?>[4];
		for (int i = 0; i < all.length; i++) {
			all[i] = this.threads.submit(() -> locks.withLock("run-a", () -> {
				most.accumulateAndGet(inside.incrementAndGet(), Math::max);
				sleep(50);
				inside.decrementAndGet();
				return null;
			}));
		}
		for (Future<?> f : all) {
			f.get(5, TimeUnit.SECONDS);
		}
		assertThat(most.get()).isEqualTo(1);
	}

	@Test
	void aRequestWaitsAtMostTheBoundThenHearsBusy() throws Exception {
		LocalRunLocks locks = new LocalRunLocks(Duration.ofMillis(200));
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.threads.submit(() -> locks.withLock("run-a", () -> {
			holding.countDown();
			await(release);
			return null;
		}));
		assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
		long started = System.nanoTime();
		assertThatThrownBy(() -> locks.withLock("run-a", () -> "never")).isInstanceOf(RunLocks.RunBusyException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
		release.countDown();
	}

	@Test
	void theLockIsReentrantForNestedChangesOfOneRequest() {
		LocalRunLocks locks = new LocalRunLocks(Duration.ofMillis(200));
		assertThat(locks.withLock("run-a", () -> locks.withLock("run-a", () -> "inner"))).isEqualTo("inner");
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
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
