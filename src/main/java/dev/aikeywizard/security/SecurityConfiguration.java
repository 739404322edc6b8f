package dev.aikeywizard.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;

/**
 * The app's security policy: everything but the landing page, static assets and health needs a Yandex ID login;
 * CSRF on every state-changing request (htmx sends the token as a header); a strict Content-Security-Policy.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	static final String LOGIN_URL = OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI
			+ "/yandex";

	private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "connect-src 'self'; form-action 'self'; "
			+ "frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

	@Bean
	SecurityFilterChain appSecurity(HttpSecurity http, ClientRegistrationRepository registrations,
			CloudCredentialService credentials) throws Exception {
		DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
				registrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
		resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());

		DefaultOAuth2UserService userService = new DefaultOAuth2UserService();
		userService.setRequestEntityConverter(new YandexUserInfoRequestConverter());

		LoginUrlAuthenticationEntryPoint toLogin = new LoginUrlAuthenticationEntryPoint(LOGIN_URL);

		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/", "/css/**", "/js/**", "/images/**", "/webjars/**", "/favicon.ico", "/error",
					"/actuator/health", "/actuator/health/**")
			.permitAll()
			.anyRequest()
			.authenticated())
			.oauth2Login((login) -> login.loginPage("/")
				.authorizationEndpoint((endpoint) -> endpoint.authorizationRequestResolver(resolver))
				.userInfoEndpoint((userInfo) -> userInfo.userService(userService))
				.defaultSuccessUrl("/wizard", false))
			.exceptionHandling((exceptions) -> exceptions
				// An htmx call must never swap the login page into a fragment: tell htmx to reload the page.
				.defaultAuthenticationEntryPointFor(new HtmxRefreshEntryPoint(),
						new RequestHeaderRequestMatcher("HX-Request"))
				.defaultAuthenticationEntryPointFor(toLogin, (request) -> true))
			.logout((logout) -> logout.logoutSuccessUrl("/")
				.invalidateHttpSession(true)
				.clearAuthentication(true)
				.deleteCookies("JSESSIONID", "SESSION")
				.addLogoutHandler((request, response, authentication) -> credentials.forget(authentication)))
			.sessionManagement((sessions) -> sessions.sessionFixation((fixation) -> fixation.changeSessionId()))
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CSP))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.frameOptions((frame) -> frame.deny())
				.contentTypeOptions(Customizer.withDefaults()))
			.csrf(Customizer.withDefaults());
		return http.build();
	}

	/** Answers 401 with {@code HX-Refresh: true}, so the page reloads and goes through login like a full request. */
	static final class HtmxRefreshEntryPoint implements org.springframework.security.web.AuthenticationEntryPoint {

		@Override
		public void commence(jakarta.servlet.http.HttpServletRequest request,
				jakarta.servlet.http.HttpServletResponse response,
				org.springframework.security.core.AuthenticationException authException) {
			response.setHeader("HX-Refresh", "true");
			response.setStatus(HttpStatus.UNAUTHORIZED.value());
		}

	}

}
