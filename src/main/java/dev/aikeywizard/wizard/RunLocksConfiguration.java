package dev.aikeywizard.wizard;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** Run locks in Redis when the app has a Redis connection (profile {@code redis}), in this JVM otherwise. */
@Configuration(proxyBeanMethods = false)
class RunLocksConfiguration {

	@Bean
	RunLocks runLocks(ObjectProvider<RedisConnectionFactory> redis, WizardProperties properties,
			Environment environment) {
		RedisConnectionFactory connections = redis.getIfAvailable();
		if (connections != null) {
			String namespace = environment.getProperty("spring.session.data.redis.namespace", "spring:session");
			return new RedisRunLocks(connections, namespace, properties.lockWait(),
					properties.lockWait().plus(properties.lockWait()));
		}
		return new LocalRunLocks(properties.lockWait());
	}

}
