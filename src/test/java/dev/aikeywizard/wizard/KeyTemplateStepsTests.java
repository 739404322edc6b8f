package dev.aikeywizard.wizard;

import java.util.List;
import java.util.Map;

import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.RpcCode;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The least-privilege templates on the cloud (express), roles and scope steps. */
class KeyTemplateStepsTests extends WizardSliceTestSupport {

	@Test
	void expressWithTheSpeechTemplatePlansExactlyItsRolesAndScopes() throws Exception {
		stateAt(Step.CLOUD);
		givenTheDefaultFolder();
		given(this.serviceAccounts.list(TOKEN, FOLDER)).willReturn(Mono.just(List.of()));
		given(this.serviceAccounts.create(eq(TOKEN), any(), anyString()))
			.willReturn(Mono.just(operation("op1", false, Map.of(), Map.of())));
		this.mvc.perform(post("/wizard/express").session(this.session).with(user()).with(csrf())
				.param("cloudId", CLOUD).param("folderId", FOLDER).param("template", "speech"))
			.andExpect(redirectedUrl("/wizard/progress"));
		assertThat(run().express().roles()).isEqualTo(KeyTemplate.SPEECH.roles());
		assertThat(run().express().scopes()).isEqualTo(KeyTemplate.SPEECH.scopes());
	}

	@Test
	void expressWithoutATemplateIsLeastPrivilege() throws Exception {
		stateAt(Step.CLOUD);
		givenTheDefaultFolder();
		given(this.serviceAccounts.list(TOKEN, FOLDER)).willReturn(Mono.just(List.of()));
		given(this.serviceAccounts.create(eq(TOKEN), any(), anyString()))
			.willReturn(Mono.just(operation("op1", false, Map.of(), Map.of())));
		this.mvc.perform(post("/wizard/express").session(this.session).with(user()).with(csrf())
				.param("cloudId", CLOUD).param("folderId", FOLDER))
			.andExpect(redirectedUrl("/wizard/progress"));
		assertThat(run().express().roles()).containsExactly(FoundationRole.LANGUAGE_MODELS_USER);
	}

	@Test
	void anUnknownOrCustomTemplateIsRefusedForExpressAndNothingIsCreated() throws Exception {
		for (String template : List.of("root", "custom")) {
			stateAt(Step.CLOUD);
			this.mvc.perform(post("/wizard/express").session(this.session).with(user()).with(csrf())
					.param("cloudId", CLOUD).param("folderId", FOLDER).param("template", template))
				.andExpect(status().isBadRequest())
				.andExpect(content().string(containsString("This template does not exist")));
		}
		verify(this.serviceAccounts, never()).create(any(), any(), any());
		assertThat(run().express()).isNull();
	}

	@Test
	void theRolesStepPreselectsLeastPrivilegeAndATemplatesRoles() throws Exception {
		stateAt(Step.ROLES);
		given(this.resourceManager.listFolderAccessBindings(TOKEN, FOLDER)).willReturn(Mono.just(List.of()));
		this.mvc.perform(get("/wizard/roles").session(this.session).with(user()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-testid=\"template-speech\"")))
			.andExpect(content().string(matchesPattern("(?s).*value=\"ai.languageModels.user\"[^>]*checked.*")))
			.andExpect(content().string(matchesPattern("(?s).*value=\"ai.speechkit-stt.user\"(?![^>]*checked).*")));
		this.mvc.perform(get("/wizard/roles").param("template", "speech").session(this.session).with(user()))
			.andExpect(content().string(matchesPattern("(?s).*value=\"ai.speechkit-stt.user\"[^>]*checked.*")))
			.andExpect(content().string(matchesPattern("(?s).*value=\"ai.speechkit-tts.user\"[^>]*checked.*")))
			.andExpect(content().string(matchesPattern("(?s).*value=\"ai.languageModels.user\"(?![^>]*checked).*")));
	}

	@Test
	void theNewRolesCanBeGranted() throws Exception {
		stateAt(Step.ROLES);
		given(this.resourceManager.listFolderAccessBindings(TOKEN, FOLDER)).willReturn(Mono.just(List.of()));
		given(this.resourceManager.updateFolderAccessBindings(eq(TOKEN), eq(FOLDER), any(), anyString()))
			.willReturn(Mono.just(operation("op2", true, Map.of(), Map.of())));
		this.mvc.perform(post("/wizard/roles").session(this.session).with(user()).with(csrf())
				.param("roles", "ai.translate.user", "ai.vision.user"))
			.andExpect(redirectedUrl("/wizard/scope"));
		assertThat(run().roles()).isEqualTo(KeyTemplate.TRANSLATE_AND_VISION.roles());
	}

	@Test
	void theScopeStepOffersATemplatesScopes() throws Exception {
		stateAt(Step.SCOPE);
		this.mvc.perform(get("/wizard/scope").param("template", "translate-vision").session(this.session).with(user()))
			.andExpect(status().isOk())
			.andExpect(content().string(matchesPattern("(?s).*value=\"yc.ai.translate.execute\"[^>]*checked.*")))
			.andExpect(content().string(matchesPattern("(?s).*value=\"yc.ai.vision.execute\"[^>]*checked.*")))
			// The run's account holds only ai.languageModels.user: the page says which roles are missing.
			.andExpect(content().string(containsString("ai.translate.user")));
		this.mvc.perform(get("/wizard/scope").param("template", "nope").session(this.session).with(user()))
			.andExpect(status().isBadRequest());
	}

	@Test
	void theScopeStepOffersOnlyWhatTheCloudsCatalogueLists() throws Exception {
		stateAt(Step.SCOPE);
		given(this.apiKeys.listScopes(TOKEN))
			.willReturn(Mono.just(List.of("yc.ai.languageModels.execute", "yc.ydb.tables.manage")));
		this.mvc.perform(get("/wizard/scope").session(this.session).with(user()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("value=\"yc.ai.languageModels.execute\"")))
			.andExpect(content().string(not(containsString("value=\"yc.ai.vision.execute\""))))
			.andExpect(content().string(not(containsString("value=\"yc.ydb.tables.manage\""))));
	}

	@Test
	void withoutTheCataloguetheScopeStepOffersTheBuiltInList() throws Exception {
		stateAt(Step.SCOPE);
		given(this.apiKeys.listScopes(TOKEN)).willReturn(Mono.error(new CloudException.UnavailableException(
				RpcCode.UNAVAILABLE, 503, "down", List.of(), "req-1", null)));
		this.mvc.perform(get("/wizard/scope").session(this.session).with(user()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("value=\"yc.ai.vision.execute\"")))
			.andExpect(content().string(containsString("value=\"yc.ai.speechkitTts.execute\"")));
	}

}
