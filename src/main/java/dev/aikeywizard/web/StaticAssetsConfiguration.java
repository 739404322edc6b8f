package dev.aikeywizard.web;

import java.time.Duration;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;
import org.springframework.web.servlet.resource.VersionResourceResolver;

/**
 * Static assets under content-versioned URLs, cached by the browser for a year without asking again
 * ({@code /css/app-<md5>.css}, {@code /webjars/htmx.org/2.0.10/dist/htmx.min-<md5>.js}): a page's {@code @{...}}
 * links are rewritten to those URLs by Boot's ResourceUrlEncodingFilter, so a changed file gets a new URL and a page
 * (never cached itself) always names the current one. Spring Security's {@code no-store} is written only on responses
 * that have no Cache-Control of their own, so these handlers' header stands and every other response keeps it.
 * <p>
 * These are the only static resources: Boot's own handlers are off ({@code spring.web.resources.add-mappings=false}),
 * because its catch-all {@code /**} made every link to a page a classpath search while rendering, and its properties
 * have no {@code immutable}. {@code /favicon.ico} and {@code /robots.txt} are asked for by name, never versioned: a
 * day.
 */
@Configuration(proxyBeanMethods = false)
class StaticAssetsConfiguration implements WebMvcConfigurer {

	static final CacheControl VERSIONED = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

	static final CacheControl BY_NAME = CacheControl.maxAge(Duration.ofDays(1)).cachePublic();

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		for (String folder : new String[] { "css", "js", "images" }) {
			registry.addResourceHandler("/" + folder + "/**")
				.addResourceLocations("classpath:/static/" + folder + "/")
				.setCacheControl(VERSIONED)
				.resourceChain(true)
				.addResolver(contentVersions());
		}
		registry.addResourceHandler("/webjars/**")
			.addResourceLocations("classpath:/META-INF/resources/webjars/")
			.setCacheControl(VERSIONED)
			.resourceChain(true)
			.addResolver(contentVersions())
			// "/webjars/htmx.org/dist/htmx.min.js" in a template: the version of the webjar on the classpath
			.addResolver(new LiteWebJarsResourceResolver());
		registry.addResourceHandler("/favicon.ico", "/robots.txt")
			.addResourceLocations("classpath:/static/")
			.setCacheControl(BY_NAME);
	}

	private static VersionResourceResolver contentVersions() {
		return new VersionResourceResolver().addContentVersionStrategy("/**");
	}

}
