package dev.aikeywizard.wizard.key;

import java.time.Clock;
import java.util.List;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The key allowance shared by every replica: per user a sorted set {@code <namespace>:key-allowance:<user id>} of
 * intents scored by when they were first counted, pruned and checked in one Lua script so two replicas cannot both
 * take the last one.
 */
final class RedisKeyAllowance implements KeyAllowance {

	/** KEYS[1] the user's set; ARGV: now (ms), window start (ms), limit, intent, expiry (ms). 1 = counted. */
	private static final RedisScript<Long> TAKE = RedisScript.of("""
			redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
			if redis.call('ZSCORE', KEYS[1], ARGV[4]) then
			  return 1
			end
			if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
			  return 0
			end
			redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
			redis.call('PEXPIRE', KEYS[1], ARGV[5])
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final String prefix;

	private final int limit;

	private final Clock clock;

	RedisKeyAllowance(RedisConnectionFactory connections, String namespace, int limit, Clock clock) {
		this.redis = new StringRedisTemplate(connections);
		this.prefix = namespace + ":key-allowance:";
		this.limit = limit;
		this.clock = clock;
	}

	@Override
	public boolean take(String userId, String intent) {
		long now = this.clock.millis();
		Long counted = this.redis.execute(TAKE, List.of(this.prefix + userId), String.valueOf(now),
				String.valueOf(now - WINDOW.toMillis()), String.valueOf(this.limit), intent,
				String.valueOf(WINDOW.toMillis()));
		return counted != null && counted == 1L;
	}

	@Override
	public void giveBack(String userId, String intent) {
		this.redis.opsForZSet().remove(this.prefix + userId, intent);
	}

	@Override
	public int limit() {
		return this.limit;
	}

}
