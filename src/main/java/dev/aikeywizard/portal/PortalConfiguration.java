package dev.aikeywizard.portal;

import java.time.Clock;

import dev.aikeywizard.cloud.ApiKeyApi;
import dev.aikeywizard.cloud.IamTokenApi;
import dev.aikeywizard.cloud.ResourceManagerApi;
import dev.aikeywizard.cloud.ServiceAccountApi;
import dev.aikeywizard.wizard.IssuePolicy;
import dev.aikeywizard.wizard.Upstream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Portal mode's beans, only with {@code app.portal.enabled=true}: the app's own credentials (which every cloud call
 * then uses, see {@link dev.aikeywizard.security.ServiceIdentity}), the organisation's policy (primary over the
 * personal one) and the gate that keeps everyone but allowed staff out. The key file is read while the context
 * starts, so a missing or broken one stops start-up with an {@link OperatorKeyFileException} naming the file and the
 * problem.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("app.portal.enabled")
@EnableConfigurationProperties(PortalProperties.class)
class PortalConfiguration implements WebMvcConfigurer {

	private static final Logger log = LoggerFactory.getLogger(PortalConfiguration.class);

	private final PortalProperties properties;

	private final StaffAllowList allowList;

	PortalConfiguration(PortalProperties properties) {
		this.properties = properties;
		this.allowList = new StaffAllowList(properties.allowedLogins(), properties.allowedEmailDomains());
		if (this.allowList.empty()) {
			log.warn("Portal mode with empty app.portal.allowed-logins and app.portal.allowed-email-domains: nobody may"
					+ " use the key desk");
		}
	}

	@Bean
	OperatorCredentials operatorCredentials(IamTokenApi iamTokens, ObjectProvider<Clock> clock) {
		Clock time = clock.getIfAvailable(Clock::systemUTC);
		OperatorKey key = OperatorKeyFile.read(this.properties.serviceAccountKeyFile());
		return new OperatorCredentials(new OperatorJwt(key, time), iamTokens, time);
	}

	@Bean
	@Primary
	IssuePolicy portalIssuePolicy(ServiceAccountApi serviceAccounts, ApiKeyApi apiKeys,
			ResourceManagerApi resourceManager, Upstream upstream, Clock clock) {
		return new PortalIssuePolicy(this.properties, serviceAccounts, apiKeys, resourceManager, upstream, clock);
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry
			.addInterceptor(new StaffGate(this.allowList))
			.addPathPatterns("/**")
			.excludePathPatterns("/", "/error", "/sandbox/**", "/css/**", "/js/**", "/images/**", "/webjars/**",
					"/favicon.ico", "/robots.txt", "/livez", "/readyz");
	}

}
