package dev.aikeywizard.wizard.key;

import java.util.UUID;

import dev.aikeywizard.support.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key allowance in a real Redis: the contract, and one allowance shared by every replica (each replica used to
 * count on its own, so two replicas let a user create twice the limit).
 */
class RedisKeyAllowanceIT extends KeyAllowanceContract {

	static RedisServer redis;

	static LettuceConnectionFactory connections;

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
		connections = redis.connections();
	}

	@AfterAll
	static void stopRedis() {
		connections.destroy();
		redis.close();
	}

	/** A namespace of its own per test, so tests never see each other's counts. */
	@Override
	KeyAllowance allowance(int limit) {
		return new RedisKeyAllowance(connections, "test-" + UUID.randomUUID(), limit, this.clock);
	}

	@Test
	void replicasShareOneAllowance() {
		String namespace = "test-" + UUID.randomUUID();
		KeyAllowance replicaA = new RedisKeyAllowance(connections, namespace, 2, this.clock);
		KeyAllowance replicaB = new RedisKeyAllowance(connections, namespace, 2, this.clock);
		assertThat(replicaA.take("ivan", "key-a")).isTrue();
		assertThat(replicaB.take("ivan", "key-b")).isTrue();
		assertThat(replicaA.take("ivan", "key-c")).isFalse();
		assertThat(replicaB.take("ivan", "key-c")).isFalse();
		assertThat(replicaB.take("ivan", "key-a")).as("the retry of a creation replica A counted").isTrue();
	}

}
