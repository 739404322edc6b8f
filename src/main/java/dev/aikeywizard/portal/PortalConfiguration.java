package dev.aikeywizard.portal;

import java.time.Clock;

import dev.aikeywizard.cloud.IamTokenApi;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Portal mode's beans, only with {@code app.portal.enabled=true}. The key file is read while the context starts, so
 * a missing or broken one stops start-up with an {@link OperatorKeyFileException} naming the file and the problem.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("app.portal.enabled")
@EnableConfigurationProperties(PortalProperties.class)
class PortalConfiguration {

	@Bean
	OperatorCredentials operatorCredentials(PortalProperties properties, IamTokenApi iamTokens,
			ObjectProvider<Clock> clock) {
		Clock time = clock.getIfAvailable(Clock::systemUTC);
		OperatorKey key = OperatorKeyFile.read(properties.serviceAccountKeyFile());
		return new OperatorCredentials(new OperatorJwt(key, time), iamTokens, time);
	}

}
