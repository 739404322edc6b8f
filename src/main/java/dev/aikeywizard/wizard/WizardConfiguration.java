package dev.aikeywizard.wizard;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The clock its deadlines and expiry dates are read from, and the policy on what users may create (without portal
 * mode, only the cloud's own permissions).
 */
@Configuration(proxyBeanMethods = false)
class WizardConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** Portal mode declares its own policy as the primary one. */
	@Bean
	IssuePolicy personalIssuePolicy() {
		return IssuePolicy.PERSONAL;
	}

}
