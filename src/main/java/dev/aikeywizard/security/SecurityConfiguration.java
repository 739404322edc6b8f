package dev.aikeywizard.security;

import java.net.URI;
import java.util.LinkedHashMap;

import jakarta.servlet.http.HttpServletRequest;

import io.github.wimdeblauwe.htmx.spring.boot.security.HxRefreshHeaderAuthenticationEntryPoint;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.DelegatingAccessDeniedHandler;
import org.springframework.security.web.access.RequestMatcherDelegatingAccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * The app's security policy: everything but the landing page, static assets and the liveness and readiness probes
 * needs a Yandex ID login; CSRF on every state-changing request (htmx sends the token as a header); a strict
 * Content-Security-Policy. The actuator endpoints live on the management server ({@code management.server.port},
 * loopback unless configured otherwise), where they answer without a login: any Yandex user can sign in, so a login
 * would protect nothing, and the management port is for the operators' network only.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	/** A request htmx made: it must get a header htmx acts on, never a redirect or a login page to swap in. */
	static final RequestMatcher HTMX = new RequestHeaderRequestMatcher("HX-Request");

	static final String LOGIN_URL = OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI
			+ "/yandex";

	static final String REGISTRATION_ID = "yandex";

	/**
	 * The actuator endpoints, on the management server only: they answer without a login there. With the management
	 * server on the main port (an explicit {@code management.server.port} equal to {@code server.port}) this matches
	 * nothing, and the endpoints need a login like every other page.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 1)
	SecurityFilterChain managementSecurity(HttpSecurity http) throws Exception {
		http.securityMatcher(SecurityConfiguration::onManagementServer)
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

	static boolean onManagementServer(HttpServletRequest request) {
		WebApplicationContext context = WebApplicationContextUtils
			.getWebApplicationContext(request.getServletContext());
		return context != null && WebServerApplicationContext.hasServerNamespace(context, "management");
	}

	/**
	 * Where to come back to after sign-in (the page that asked for it), kept in a cookie rather than in the HTTP
	 * session: an anonymous request for a step page (a crawler: robots.txt lets them see the wizard's pages) creates
	 * no session, which would be an entry in Redis per request with the {@code redis} profile, and the way back
	 * works whichever instance the sign-in ends on. Only a page the browser navigated to is remembered: a GET that
	 * neither htmx nor another script made, not the favicon.
	 */
	@Bean
	static RequestCache signInReturn() {
		PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
		CookieRequestCache cache = new CookieRequestCache();
		cache.setRequestMatcher(new AndRequestMatcher(paths.matcher(HttpMethod.GET, "/**"),
				new NegatedRequestMatcher(HTMX),
				new NegatedRequestMatcher(new RequestHeaderRequestMatcher("X-Requested-With", "XMLHttpRequest")),
				new NegatedRequestMatcher(paths.matcher("/favicon.*"))));
		// As the session cookie (server.servlet.session.cookie.same-site): sent on the top-level return from Yandex ID.
		cache.setCookieCustomizer((cookie) -> cookie.setAttribute("SameSite", "Lax"));
		return cache;
	}

	@Bean
	SecurityFilterChain appSecurity(HttpSecurity http, ClientRegistrationRepository registrations,
			CloudCredentialService credentials, RequestCache signInReturn) throws Exception {
		DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
				registrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
		resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());

		DefaultOAuth2UserService userService = new DefaultOAuth2UserService();
		userService.setRequestEntityConverter(new YandexUserInfoRequestConverter());

		LoginUrlAuthenticationEntryPoint toLogin = new LoginUrlAuthenticationEntryPoint(LOGIN_URL);

		// After sign-in: to the page that asked for it, else the wizard; the cloud credential derived from an earlier
		// sign-in is replaced by one from this one.
		SavedRequestAwareAuthenticationSuccessHandler toWizard = new SavedRequestAwareAuthenticationSuccessHandler();
		toWizard.setRequestCache(signInReturn);
		toWizard.setDefaultTargetUrl("/wizard");
		AuthenticationSuccessHandler signedIn = (request, response, authentication) -> {
			credentials.signedIn(authentication);
			toWizard.onAuthenticationSuccess(request, response, authentication);
		};

		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/", "/css/**", "/js/**", "/images/**", "/webjars/**", "/favicon.ico", "/robots.txt",
					"/error", "/livez", "/readyz")
			.permitAll()
			.anyRequest()
			.authenticated())
			.oauth2Login((login) -> login.loginPage("/")
				.authorizationEndpoint((endpoint) -> endpoint.authorizationRequestResolver(resolver))
				.tokenEndpoint((token) -> token.accessTokenResponseClient(new MaskedFormTokenResponseClient()))
				.userInfoEndpoint((userInfo) -> userInfo.userService(userService))
				.successHandler(signedIn))
			.exceptionHandling((exceptions) -> exceptions
				// An htmx call must never swap the login page into a fragment: tell htmx to reload the page
				// (htmx-spring-boot: HX-Refresh: true, status 403).
				.defaultAuthenticationEntryPointFor(new HxRefreshHeaderAuthenticationEntryPoint(), HTMX)
				.defaultAuthenticationEntryPointFor(toLogin, (request) -> true)
				// Used by the CsrfFilter too: a wizard POST after the session expired goes back to its step.
				.accessDeniedHandler(accessDeniedHandler()))
			.requestCache((cache) -> cache.requestCache(signInReturn))
			.logout((logout) -> logout.logoutSuccessUrl("/")
				.invalidateHttpSession(true)
				.clearAuthentication(true)
				.deleteCookies("JSESSIONID", "SESSION")
				.addLogoutHandler((request, response, authentication) -> credentials.forget(authentication)))
			.sessionManagement((sessions) -> sessions.sessionFixation((fixation) -> fixation.changeSessionId()))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(contentSecurityPolicy(registrations)))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.frameOptions((frame) -> frame.deny())
				.contentTypeOptions(Customizer.withDefaults()))
			.csrf(Customizer.withDefaults());
		return http.build();
	}

	/**
	 * Scripts, styles and requests from this origin only. Forms post here too, but Chromium applies
	 * {@code form-action} to the redirects after a post as well, and a post without JavaScript may end at Yandex ID
	 * (a wizard form sent after the session expired signs the user in again): so the authorization URI's origin is
	 * allowed too.
	 */
	static String contentSecurityPolicy(ClientRegistrationRepository registrations) {
		String formAction = "'self'";
		ClientRegistration yandex = registrations.findByRegistrationId(REGISTRATION_ID);
		String signIn = (yandex != null) ? origin(yandex.getProviderDetails().getAuthorizationUri()) : null;
		if (signIn != null) {
			formAction += " " + signIn;
		}
		return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
				+ "form-action " + formAction + "; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
	}

	/** {@code scheme://host[:port]} of an http(s) URL, else null. */
	static String origin(String url) {
		if (url == null) {
			return null;
		}
		try {
			URI uri = URI.create(url);
			if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
				return null;
			}
			return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "");
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * A refused request answers 403, except a wizard POST refused for its CSRF token while nobody is signed in: the
	 * session expired (and its token with it), so the form cannot be accepted, but it is no forgery either. That
	 * request goes back to its step's page (see {@link ExpiredSessionStep}), which signs the user in again and returns
	 * there. A CSRF failure of a signed-in session stays a 403.
	 */
	static AccessDeniedHandler accessDeniedHandler() {
		AccessDeniedHandler forbidden = new AccessDeniedHandlerImpl();
		RequestMatcher wizardPost = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/wizard/**");
		RequestMatcher signedOut = (request) -> !ExpiredSessionStep.signedIn();
		LinkedHashMap<RequestMatcher, AccessDeniedHandler> byRequest = new LinkedHashMap<>();
		byRequest.put(new AndRequestMatcher(wizardPost, signedOut, HTMX), ExpiredSessionStep::reloadWithHtmx);
		byRequest.put(new AndRequestMatcher(wizardPost, signedOut), ExpiredSessionStep::redirect);
		LinkedHashMap<Class<? extends AccessDeniedException>, AccessDeniedHandler> byException = new LinkedHashMap<>();
		byException.put(CsrfException.class, new RequestMatcherDelegatingAccessDeniedHandler(byRequest, forbidden));
		return new DelegatingAccessDeniedHandler(byException, forbidden);
	}

}