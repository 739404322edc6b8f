package dev.aikeywizard.wizard;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.aikeywizard.cloud.ApiKey;
import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.CreateLockboxSecretRequest;
import dev.aikeywizard.cloud.CreatedApiKey;
import dev.aikeywizard.cloud.RpcCode;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import reactor.core.publisher.Mono;

import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** "Lockbox instead of the screen" on the scope step, and the refusals the wizard explains. */
class KeyLockboxStepsTests extends WizardSliceTestSupport {

	static final String SECRET = "AQVN-lockbox-test-secret";

	static final String KEY_ID = "ajekey00000000000007";

	private void keyCreated() {
		given(this.apiKeys.create(eq(TOKEN), any(), anyString())).willReturn(Mono.just(new CreatedApiKey(
				new ApiKey(KEY_ID, SA, "d", List.of("yc.ai.languageModels.execute"), Instant.now(), null, "****abcdef"),
				SECRET)));
	}

	@Test
	void theSecretGoesIntoLockboxAndThePageShowsOnlyWhereItIs() throws Exception {
		stateAt(Step.SCOPE);
		keyCreated();
		given(this.lockbox.create(eq(TOKEN), any(), anyString())).willReturn(
				Mono.just(operation("e6qop", true, Map.of("secretId", "e6qsecret0000000001"), Map.of("id", "e6qsecret0000000001"))));
		MvcResult result = this.mvc.perform(post("/wizard/key").session(this.session).with(user()).with(csrf())
				.param("scopes", "yc.ai.languageModels.execute").param("lockbox", "true"))
			.andExpect(status().isOk())
			.andReturn();
		String html = result.getResponse().getContentAsString();
		assertThat(html).contains("data-testid=\"lockbox-secret-id\"", "e6qsecret0000000001",
				"yc lockbox payload get --id e6qsecret0000000001 --key api-key", "lockbox.payloadViewer")
			.doesNotContain(SECRET)
			.doesNotContain("data-testid=\"secret\"");
		ArgumentCaptor<CreateLockboxSecretRequest> request = ArgumentCaptor.forClass(CreateLockboxSecretRequest.class);
		verify(this.lockbox).create(eq(TOKEN), request.capture(), anyString());
		assertThat(request.getValue().folderId()).isEqualTo(FOLDER);
		assertThat(request.getValue().versionPayloadEntries()).singleElement().satisfies((entry) -> {
			assertThat(entry.key()).isEqualTo("api-key");
			assertThat(entry.textValue()).isEqualTo(SECRET);
		});
		assertThat(request.getValue().toString()).doesNotContain(SECRET);
		assertThat(run().lockboxSecretId()).isEqualTo("e6qsecret0000000001");
		assertThat(run().issuedKey().id()).isEqualTo(KEY_ID);
		assertThat(Collections.list(this.session.getAttributeNames()).stream()
			.map((name) -> String.valueOf(this.session.getAttribute(name)))).noneMatch((v) -> v.contains(SECRET));
		// Refresh: where the secret is, still never the secret.
		String again = this.mvc.perform(get("/wizard/key").session(this.session).with(user()))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(again).contains("e6qsecret0000000001").doesNotContain(SECRET);
	}

	@Test
	void withoutLockboxEditorTheRoleIsNamedAndTheKeyIsDeletedAgain() throws Exception {
		stateAt(Step.SCOPE);
		keyCreated();
		given(this.lockbox.create(eq(TOKEN), any(), anyString()))
			.willReturn(Mono.error(new CloudException.PermissionDeniedException(RpcCode.PERMISSION_DENIED, 403,
					"Permission denied", List.of(), "req-7")));
		given(this.apiKeys.delete(eq(TOKEN), eq(KEY_ID), anyString()))
			.willReturn(Mono.just(operation("opdel", true, Map.of(), Map.of())));
		String html = this.mvc.perform(post("/wizard/key").session(this.session).with(user()).with(csrf())
				.param("scopes", "yc.ai.languageModels.execute").param("lockbox", "true"))
			.andExpect(status().isForbidden())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("lockbox.editor", FOLDER, "deleted").doesNotContain(SECRET);
		verify(this.apiKeys).delete(eq(TOKEN), eq(KEY_ID), anyString());
		assertThat(run().issuedKey()).isNull();
		assertThat(run().lockboxSecretId()).isNull();
	}

	@Test
	void anAccessPolicyRefusalIsExplainedAsSuch() throws Exception {
		stateAt(Step.SCOPE);
		given(this.apiKeys.create(eq(TOKEN), any(), anyString()))
			.willReturn(Mono.error(new CloudException.PermissionDeniedException(RpcCode.PERMISSION_DENIED, 403,
					"Permission denied: an access policy forbids it", List.of(), "req-8")));
		String html = this.mvc.perform(post("/wizard/key").session(this.session).with(user()).with(csrf())
				.param("scopes", "yc.ai.languageModels.execute"))
			.andExpect(status().isForbidden())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(html).contains("access policy", "iam.serviceAccounts.admin", "Nothing was created");
		verify(this.lockbox, never()).create(any(), any(), any());
	}

}
