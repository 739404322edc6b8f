package dev.aikeywizard.wizard;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Run locks and the run store in Redis when the app has a Redis connection (profile {@code redis}); in this JVM and
 * in the session otherwise.
 */
@Configuration(proxyBeanMethods = false)
class RunStorageConfiguration {

	@Bean
	RunStore runStore(ObjectProvider<RedisConnectionFactory> redis, Environment environment) {
		RedisConnectionFactory connections = redis.getIfAvailable();
		if (connections == null) {
			return RunStore.NONE;
		}
		Duration timeToLive = environment.getProperty("spring.session.timeout", Duration.class,
				environment.getProperty("server.servlet.session.timeout", Duration.class, Duration.ofMinutes(30)));
		// Longer than the session that names it, so a live session never finds its run gone.
		return new RedisRunStore(connections, namespace(environment), timeToLive.multipliedBy(2));
	}

	@Bean
	RunLocks runLocks(ObjectProvider<RedisConnectionFactory> redis, WizardProperties properties,
			Environment environment) {
		RedisConnectionFactory connections = redis.getIfAvailable();
		if (connections != null) {
			return new RedisRunLocks(connections, namespace(environment), properties.lockWait(),
					properties.lockWait().plus(properties.lockWait()));
		}
		return new LocalRunLocks(properties.lockWait());
	}

	private static String namespace(Environment environment) {
		return environment.getProperty("spring.session.data.redis.namespace", "spring:session");
	}

}
