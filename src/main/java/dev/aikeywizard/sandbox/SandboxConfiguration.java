package dev.aikeywizard.sandbox;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers the emulator when {@code app.sandbox.enabled=true}: the world store, the gateway, a request-id
 * interceptor, the latency of every emulated API call ({@code app.sandbox.latency}, in this one place:
 * {@link SandboxLatency}) and a security filter chain of its own for {@code /sandbox/**} (everything permitted, no CSRF, no
 * session: the emulator authenticates its callers itself, with the credentials it hands out). The controllers in
 * this package carry the same condition.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("app.sandbox.enabled")
@EnableConfigurationProperties(SandboxProperties.class)
class SandboxConfiguration {

	/** Writes the organisation operator's key file, when configured, before the portal reads it. */
	@Bean
	static SandboxOperatorKey sandboxOperatorKey() {
		return new SandboxOperatorKey();
	}

	@Bean
	SandboxWorlds sandboxWorlds(SandboxProperties properties) {
		return new SandboxWorlds(Clock.systemUTC(), properties.maxEntries(),
				(properties.operatorKeyFile() != null) ? SandboxOperatorKey.publicKey(properties.operatorKeyFile())
						: null);
	}

	@Bean
	SandboxGateway sandboxGateway(SandboxWorlds worlds, SandboxProperties properties) {
		return new SandboxGateway(worlds, properties);
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain sandboxSecurityFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/sandbox/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

	/** The calls a server makes to Yandex ID and Yandex Cloud; the browser's pages are not delayed. */
	static final String[] API_PATHS = { "/sandbox/iam/**", "/sandbox/resource-manager/**", "/sandbox/billing/**",
			"/sandbox/operation/**", "/sandbox/llm/**", "/sandbox/lockbox/**", "/sandbox/lockbox-payload/**", "/sandbox/oauth/token", "/sandbox/login/info" };

	/**
	 * Every emulated API call answered {@code app.sandbox.latency} after it arrived, outside the sandbox's security
	 * chain; inside Boot's server observation ({@code HIGHEST_PRECEDENCE + 1}), so {@code http.server.requests}
	 * shows what a caller waited.
	 */
	@Bean
	FilterRegistrationBean<SandboxLatency> sandboxLatency(SandboxProperties properties) {
		FilterRegistrationBean<SandboxLatency> registration = new FilterRegistrationBean<>(
				new SandboxLatency(properties.latency(), API_PATHS));
		registration.addUrlPatterns("/sandbox/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	@Bean
	WebMvcConfigurer sandboxRequestIds() {
		return new WebMvcConfigurer() {
			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(new HandlerInterceptor() {
					@Override
					public boolean preHandle(HttpServletRequest request, HttpServletResponse response,
							Object handler) {
						response.setHeader("x-request-id", SandboxGateway.requestId(request));
						return true;
					}
				}).addPathPatterns("/sandbox/**");
			}
		};
	}

}
