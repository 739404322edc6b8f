package dev.aikeywizard.wizard;

import java.time.Instant;
import java.util.List;

import dev.aikeywizard.cloud.ApiKey;
import dev.aikeywizard.cloud.CreatedApiKey;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The key page's exports: downloads of what the run set up, never the secret, nothing before a key exists. */
class KeyExportStepsTests extends WizardSliceTestSupport {

	static final String SECRET = "AQVN-export-test-secret";

	@Test
	void theKeyPageOffersBothExportsAndTheyDescribeTheKeyWithoutItsSecret() throws Exception {
		stateAt(Step.SCOPE);
		given(this.apiKeys.create(eq(TOKEN), any(), anyString())).willReturn(Mono.just(new CreatedApiKey(
				new ApiKey("ajekey00000000000001", SA, "for the bot", List.of("yc.ai.languageModels.execute"),
						Instant.now(), Instant.parse("2027-01-01T20:59:59Z"), "****abcdef"),
				SECRET)));
		this.mvc.perform(post("/wizard/key").session(this.session).with(user()).with(csrf())
				.param("scopes", "yc.ai.languageModels.execute").param("description", "for the bot"))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-testid=\"export-yc\"")))
			.andExpect(content().string(containsString("data-testid=\"export-terraform\"")));
		this.mvc.perform(get("/wizard/key/export/yc").session(this.session).with(user()))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Disposition", containsString("attachment")))
			.andExpect(header().string("Content-Disposition", containsString("ai-ivan-petrov-20261129.sh")))
			.andExpect(header().string("Cache-Control", "no-store"))
			.andExpect(content().string(containsString("--role 'ai.languageModels.user'")))
			.andExpect(content().string(containsString("--scopes 'yc.ai.languageModels.execute'")))
			.andExpect(content().string(containsString("--expires-at '2027-01-01T20:59:59Z'")))
			.andExpect(content().string(containsString("DESCRIPTION='for the bot'")))
			.andExpect(content().string(not(containsString(SECRET))));
		this.mvc.perform(get("/wizard/key/export/terraform").session(this.session).with(user()))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Disposition", containsString("ai-ivan-petrov-20261129.tf")))
			.andExpect(content().string(containsString("scopes             = [\"yc.ai.languageModels.execute\"]")))
			.andExpect(content().string(containsString("output_to_lockbox")))
			.andExpect(content().string(not(containsString(SECRET))));
	}

	@Test
	void beforeAKeyThereIsNothingToExport() throws Exception {
		stateAt(Step.SCOPE);
		this.mvc.perform(get("/wizard/key/export/terraform").session(this.session).with(user()))
			.andExpect(status().isSeeOther());
	}

}
