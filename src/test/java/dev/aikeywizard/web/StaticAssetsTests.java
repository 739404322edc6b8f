package dev.aikeywizard.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.resource.ResourceUrlProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Only the asset folders are served as static resources (issue 9): with Boot's catch-all {@code /**} handler every
 * {@code @{...}} link to a page was looked up on the classpath while the page rendered (about 0.5 ms a link, 7-10 ms
 * a page, never cached because nothing is found); the assets themselves are still served, versioned and cached.
 */
@SpringBootTest(properties = "management.server.port=0")
@AutoConfigureMockMvc
class StaticAssetsTests {

	@Autowired
	ResourceUrlProvider urls;

	@Autowired
	MockMvc mvc;

	@Test
	void onlyTheAssetFoldersAreStaticSoLinksToPagesAreNotLookedUpAsFiles() {
		assertThat(this.urls.getHandlerMap()).containsOnlyKeys("/css/**", "/js/**", "/images/**", "/webjars/**",
				"/favicon.ico", "/robots.txt");
		assertThat(this.urls.getForLookupPath("/wizard/verify")).isNull();
		assertThat(this.urls.getForLookupPath("/css/app.css")).matches("/css/app-[0-9a-f]{32}\\.css");
		assertThat(this.urls.getForLookupPath("/webjars/htmx.org/dist/htmx.min.js"))
			.matches("/webjars/htmx\\.org/[0-9.]+/dist/htmx\\.min-[0-9a-f]{32}\\.js");
	}

	@Test
	void theAssetsAreStillServed() throws Exception {
		this.mvc.perform(get(this.urls.getForLookupPath("/js/app.js")))
			.andExpect(status().isOk())
			.andExpect(header().string("Cache-Control", "max-age=31536000, public, immutable"));
		this.mvc.perform(get("/favicon.ico")).andExpect(status().isOk());
		this.mvc.perform(get("/robots.txt")).andExpect(status().isOk());
	}

}
