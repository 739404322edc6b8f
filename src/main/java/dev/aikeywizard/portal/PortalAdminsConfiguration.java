package dev.aikeywizard.portal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@link PortalAdmins} in every mode: the key audit exists with or without portal mode. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PortalProperties.class)
class PortalAdminsConfiguration {

	@Bean
	PortalAdmins portalAdmins(PortalProperties properties) {
		return new PortalAdmins(properties.admins());
	}

}
