package dev.aikeywizard.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * English and Russian: chosen from Accept-Language, switchable with {@code ?lang=}, remembered in a cookie.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, new Locale("ru"));

	/** Sessions in Redis: a request that ends after a sign-in elsewhere renamed its session is not a 500. */
	@Bean
	static RenamedSessionTolerance renamedSessionTolerance() {
		return new RenamedSessionTolerance();
	}

	@Bean
	LocaleResolver localeResolver() {
		CookieLocaleResolver resolver = new CookieLocaleResolver("lang");
		resolver.setCookieMaxAge(Duration.ofDays(365));
		resolver.setDefaultLocaleFunction((request) -> {
			for (java.util.Enumeration<Locale> locales = request.getLocales(); locales.hasMoreElements();) {
				Locale locale = locales.nextElement();
				for (Locale supported : SUPPORTED) {
					if (supported.getLanguage().equals(locale.getLanguage())) {
						return supported;
					}
				}
			}
			return Locale.ENGLISH;
		});
		return resolver;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor();
		interceptor.setParamName("lang");
		interceptor.setIgnoreInvalidLocale(true);
		registry.addInterceptor(interceptor);
	}

}
