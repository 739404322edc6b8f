package dev.aikeywizard.wizard;

import java.time.Instant;
import java.util.List;

import dev.aikeywizard.cloud.ApiKey;
import dev.aikeywizard.cloud.CreatedApiKey;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Issue 7, 12b: while the page shows the one-time secret, every way off the page that reloads it (the language
 * links, the stepper, Sign out) asks first; once the secret is gone, nothing asks.
 */
class OneTimeSecretNavigationTests extends WizardSliceTestSupport {

	static final String WARNING = "The key will not be shown again after this page reloads. Copy it first.";

	static final String WARNING_RU = "После перезагрузки страницы ключ больше не будет показан. Сначала скопируйте его.";

	private Document page(MockHttpServletRequestBuilder request) throws Exception {
		return Jsoup.parse(this.mvc.perform(request.session(this.session).with(user()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString());
	}

	private Document issue(String language) throws Exception {
		stateAt(Step.SCOPE);
		given(this.apiKeys.create(eq(TOKEN), any(), anyString())).willReturn(Mono.just(new CreatedApiKey(
				new ApiKey("ajekey00000000000001", SA, "d", List.of("yc.ai.languageModels.execute"), Instant.now(),
						null, "****abcdef"),
				"AQVN-test-secret-value")));
		return page(post("/wizard/key").with(csrf())
			.header("Accept-Language", language)
			.param("scopes", "yc.ai.languageModels.execute")
			.param("description", "d"));
	}

	@Test
	void whileTheSecretIsShownTheLanguageLinksAskFirst() throws Exception {
		Document key = issue("en");
		assertThat(key.select("[data-testid=secret]")).hasSize(1);
		// also what app.js asks when the key page was swapped in by htmx and the header stayed as it was
		assertThat(key.selectFirst("meta[name=leave-secret-warning]").attr("content")).isEqualTo(WARNING);
		for (String lang : List.of("en", "ru")) {
			Element link = key.selectFirst("a[lang=" + lang + "]");
			assertThat(link).as(lang).isNotNull();
			assertThat(link.attr("data-confirm")).as("language link " + lang).isEqualTo(WARNING);
		}
	}

	@Test
	void theWarningIsInThePagesLanguage() throws Exception {
		Document key = issue("ru");
		assertThat(key.selectFirst("a[lang=en]").attr("data-confirm")).isEqualTo(WARNING_RU);
	}

	@Test
	void whileTheSecretIsShownEveryOtherWayOffThePageAsksToo() throws Exception {
		Document key = issue("en");
		assertThat(key.selectFirst("[data-testid=logout]").attr("data-confirm")).isEqualTo(WARNING);
		assertThat(key.select(".stepper a[href]")).isNotEmpty()
			.allSatisfy((a) -> assertThat(a.attr("data-confirm")).as(a.outerHtml()).isEqualTo(WARNING));
		assertThat(key.selectFirst(".brand").attr("data-confirm")).isEqualTo(WARNING);
	}

	@Test
	void withoutTheSecretNothingAsks() throws Exception {
		issue("en");
		Document again = page(get("/wizard/key"));
		assertThat(again.select("[data-testid=already-issued]")).hasSize(1);
		assertThat(again.select("[data-confirm]")).isEmpty();
	}

}
