package dev.aikeywizard.wizard;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.integration.redis.util.RedisLockRegistry;

/**
 * One lock per run in Redis (Spring Integration's {@link RedisLockRegistry}), so the changes of a run are serialised
 * across every instance that shares the session store: a double submit reaching two instances makes one resource.
 * A lock whose holder died expires after {@code expireAfter}.
 */
final class RedisRunLocks implements RunLocks {

	private final RedisLockRegistry registry;

	private final Duration wait;

	RedisRunLocks(RedisConnectionFactory connections, String namespace, Duration wait, Duration expireAfter) {
		this.registry = new RedisLockRegistry(connections, namespace + ":run-locks", expireAfter.toMillis());
		this.wait = wait;
	}

	@Override
	public <T> T withLock(String runId, Supplier<T> work) {
		Lock lock = this.registry.obtain(runId);
		try {
			if (!lock.tryLock(this.wait.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new RunBusyException(runId);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RunBusyException(runId);
		}
		try {
			return work.get();
		}
		finally {
			lock.unlock();
		}
	}

}
