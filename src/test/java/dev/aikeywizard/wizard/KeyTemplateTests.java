package dev.aikeywizard.wizard;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KeyTemplateTests {

	@ParameterizedTest
	@EnumSource(value = KeyTemplate.class, names = "CUSTOM", mode = EnumSource.Mode.EXCLUDE)
	void everyScopeOfATemplateWorksWithItsRolesAndNoRoleIsIdle(KeyTemplate template) {
		assertThat(template.roles()).isNotEmpty();
		assertThat(template.scopes()).isNotEmpty()
			.allSatisfy((scope) -> assertThat(scope.usableWith(template.roles())).as(scope.id()).isTrue());
		// Least privilege: every role is needed by some scope of the template.
		assertThat(template.roles()).allSatisfy((role) -> assertThat(
				template.scopes().stream().anyMatch((scope) -> scope.usableWith(EnumSet.of(role))))
			.as(role.id())
			.isTrue());
	}

	@Test
	void theTemplatesAreTheOnesOfTheIssueWithDocumentedNames() {
		assertThat(KeyTemplate.RECOMMENDED).isEqualTo(KeyTemplate.TEXT);
		assertThat(ids(KeyTemplate.TEXT)).containsExactly("ai.languageModels.user", "yc.ai.languageModels.execute");
		assertThat(ids(KeyTemplate.SPEECH)).containsExactly("ai.speechkit-stt.user", "ai.speechkit-tts.user",
				"yc.ai.speechkitStt.execute", "yc.ai.speechkitTts.execute");
		assertThat(ids(KeyTemplate.TRANSLATE_AND_VISION)).containsExactly("ai.translate.user", "ai.vision.user",
				"yc.ai.translate.execute", "yc.ai.vision.execute");
		assertThat(ids(KeyTemplate.ALL_AI_STUDIO)).containsExactly("ai.models.user", "yc.ai.foundationModels.execute");
		assertThat(KeyTemplate.CUSTOM.fixed()).isFalse();
		assertThat(Arrays.stream(KeyTemplate.values()).map(KeyTemplate::id)).doesNotHaveDuplicates();
	}

	@Test
	void anExpressPlanTakesTheTemplatesRolesAndScopes() {
		KeyExpiry expiry = new KeyExpiry(LocalDate.of(2030, 1, 1), ZoneOffset.UTC);
		ExpressPlan plan = ExpressPlan.of(KeyTemplate.SPEECH, expiry, "d");
		assertThat(plan.roles()).isEqualTo(KeyTemplate.SPEECH.roles());
		assertThat(plan.scopes()).isEqualTo(KeyTemplate.SPEECH.scopes());
		assertThat(ExpressPlan.recommended(expiry, "d").roles()).containsExactly(FoundationRole.LANGUAGE_MODELS_USER);
		assertThatIllegalArgumentException().isThrownBy(() -> ExpressPlan.of(KeyTemplate.CUSTOM, expiry, "d"));
	}

	@Test
	void theScopeStepPreselectsTheScopesOfTheGrantedRoles() {
		assertThat(KeyScope.matching(KeyTemplate.SPEECH.roles())).isEqualTo(KeyTemplate.SPEECH.scopes());
		assertThat(KeyScope.matching(KeyTemplate.TRANSLATE_AND_VISION.roles()))
			.isEqualTo(KeyTemplate.TRANSLATE_AND_VISION.scopes());
		assertThat(KeyScope.matching(EnumSet.of(FoundationRole.MODELS_USER)))
			.containsExactly(KeyScope.FOUNDATION_MODELS);
		assertThat(KeyScope.TRANSLATE.neededRole()).isEqualTo(FoundationRole.TRANSLATE_USER);
	}

	private static java.util.List<String> ids(KeyTemplate template) {
		java.util.List<String> ids = new java.util.ArrayList<>();
		template.roles().forEach((r) -> ids.add(r.id()));
		template.scopes().forEach((s) -> ids.add(s.id()));
		return ids;
	}

}
