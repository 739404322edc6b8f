package dev.aikeywizard.wizard;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per run in this JVM, created on first use and dropped when no request holds or waits for it: for
 * sessions in memory, where a run lives on one instance.
 */
final class LocalRunLocks implements RunLocks {

	private final Map<String, Entry> locks = new ConcurrentHashMap<>();

	private final Duration wait;

	LocalRunLocks(Duration wait) {
		this.wait = wait;
	}

	@Override
	public <T> T withLock(String runId, Supplier<T> work) {
		Entry entry = this.locks.compute(runId, (id, existing) -> {
			Entry e = (existing != null) ? existing : new Entry();
			e.users++;
			return e;
		});
		try {
			if (!entry.lock.tryLock(this.wait.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new RunBusyException(runId);
			}
			try {
				return work.get();
			}
			finally {
				entry.lock.unlock();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RunBusyException(runId);
		}
		finally {
			this.locks.computeIfPresent(runId, (id, e) -> (--e.users == 0) ? null : e);
		}
	}

	int size() {
		return this.locks.size();
	}

	private static final class Entry {

		final ReentrantLock lock = new ReentrantLock();

		int users;

	}

}
