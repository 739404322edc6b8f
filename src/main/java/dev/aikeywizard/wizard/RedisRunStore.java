package dev.aikeywizard.wizard;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.StringRedisSerializer;

/**
 * Runs in Redis under {@code <namespace>:runs:<run id>}, Java-serialised like the sessions (ids, names and choices:
 * never a token or a secret), expiring after twice the session timeout without a read or change.
 */
final class RedisRunStore implements RunStore {

	private final RedisTemplate<String, Object> redis;

	private final String prefix;

	private final Duration timeToLive;

	RedisRunStore(RedisConnectionFactory connections, String namespace, Duration timeToLive) {
		RedisTemplate<String, Object> template = new RedisTemplate<>();
		template.setConnectionFactory(connections);
		template.setKeySerializer(StringRedisSerializer.UTF_8);
		template.setValueSerializer(new JdkSerializationRedisSerializer(getClass().getClassLoader()));
		template.afterPropertiesSet();
		this.redis = template;
		this.prefix = namespace + ":runs:";
		this.timeToLive = timeToLive;
	}

	@Override
	public Optional<WizardRun> find(UUID runId) {
		// Read with the expiry pushed back, like the session that names it: a run lives as long as it is used.
		return (this.redis.opsForValue().getAndExpire(this.prefix + runId, this.timeToLive) instanceof WizardRun run)
				? Optional.of(run) : Optional.empty();
	}

	@Override
	public void save(WizardRun run) {
		this.redis.opsForValue().set(this.prefix + run.id(), run, this.timeToLive);
	}

}
