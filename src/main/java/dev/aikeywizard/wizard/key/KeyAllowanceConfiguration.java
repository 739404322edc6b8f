package dev.aikeywizard.wizard.key;

import java.time.Clock;

import dev.aikeywizard.wizard.WizardProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** The key allowance in Redis, shared by every replica, when the app has Redis (profile {@code redis}). */
@Configuration(proxyBeanMethods = false)
class KeyAllowanceConfiguration {

	@Bean
	KeyAllowance keyAllowance(ObjectProvider<RedisConnectionFactory> redis, WizardProperties properties, Clock clock,
			Environment environment) {
		RedisConnectionFactory connections = redis.getIfAvailable();
		if (connections == null) {
			return new LocalKeyAllowance(properties.keysPerHour(), clock);
		}
		return new RedisKeyAllowance(connections,
				environment.getProperty("spring.session.data.redis.namespace", "spring:session"),
				properties.keysPerHour(), clock);
	}

}
