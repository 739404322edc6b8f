package dev.aikeywizard.wizard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Issue 7, 12a: a POST after the session expired (no session, so no CSRF token) sends the user back to the step's
 * page, which goes through sign-in and returns there; a CSRF failure of a signed-in session stays a 403.
 */
class ExpiredSessionPostTests extends WizardSliceTestSupport {

	private static final String LEAK = "AQVN-must-not-be-echoed";

	@ParameterizedTest
	@CsvSource({ "/wizard/roles, /wizard/roles", "/wizard/key, /wizard/scope", "/wizard/express, /wizard/cloud",
			"/wizard/cloud, /wizard/cloud", "/wizard/progress, /wizard/progress",
			"/wizard/service-account, /wizard/service-account",
			"/wizard/service-account/existing, /wizard/service-account", "/wizard/connect, /wizard/connect",
			"/wizard/verify, /wizard/key", "/wizard/another, /wizard/key", "/wizard/no-such-step, /wizard",
			"/wizard, /wizard" })
	void aFormPostWithoutSessionGoesBackToItsStepThroughSignIn(String path, String step) throws Exception {
		MvcResult result = this.mvc
			.perform(post(path + "?secret=" + LEAK).param("_csrf", "token-of-a-session-that-expired")
				.param("secret", LEAK)
				.param("cloudId", LEAK)
				.param("scopes", "yc.ai.languageModels.execute"))
			.andExpect(status().isSeeOther())
			.andExpect(redirectedUrl(step))
			.andReturn();
		assertThat(result.getResponse().getContentAsString()).doesNotContain(LEAK, "token-of-a-session-that-expired");
		assertThat(result.getResponse().getHeaderNames().stream().map(result.getResponse()::getHeader))
			.noneMatch((value) -> value.contains(LEAK));
		// the step's page then asks for a sign-in (and Spring Security returns there afterwards)
		this.mvc.perform(get(step)).andExpect(redirectedUrl("/oauth2/authorization/yandex"));
		verify(this.apiKeys, never()).create(any(), any(), any());
		verify(this.serviceAccounts, never()).create(any(), any(), any());
	}

	@ParameterizedTest
	@CsvSource({ "/wizard/progress, /wizard/progress", "/wizard/verify, /wizard/key", "/wizard/roles, /wizard/roles" })
	void anHtmxPostWithoutSessionReloadsTheStep(String path, String step) throws Exception {
		MvcResult result = this.mvc
			.perform(post(path).header("HX-Request", "true")
				.header("X-CSRF-TOKEN", "token-of-a-session-that-expired")
				.param("secret", LEAK))
			.andExpect(header().string("HX-Redirect", step))
			.andReturn();
		// never a 3xx: the XMLHttpRequest would follow it to the sign-in page and swap that into the step
		assertThat(result.getResponse().getStatus() / 100).isNotEqualTo(3);
		assertThat(result.getResponse().getContentAsString()).doesNotContain(LEAK);
	}

	@Test
	void aForgedPostInASignedInSessionIsStillRefused() throws Exception {
		stateAt(Step.SCOPE);
		this.mvc.perform(post("/wizard/key").session(this.session).with(user()).with(csrf().useInvalidToken())
				.param("scopes", "yc.ai.languageModels.execute"))
			.andExpect(status().isForbidden())
			.andExpect(header().doesNotExist("Location"))
			.andExpect(header().doesNotExist("HX-Redirect"));
		this.mvc.perform(post("/wizard/key").session(this.session).with(user()).header("HX-Request", "true")
				.param("scopes", "yc.ai.languageModels.execute"))
			.andExpect(status().isForbidden())
			.andExpect(header().doesNotExist("HX-Redirect"))
			.andExpect(header().doesNotExist("HX-Refresh"));
		verify(this.apiKeys, never()).create(any(), any(), any());
	}

}
