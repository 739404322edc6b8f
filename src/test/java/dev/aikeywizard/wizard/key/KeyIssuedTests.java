package dev.aikeywizard.wizard.key;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit event cannot carry a key's secret: its one free-text-like field, the masked ending, takes masks only. */
class KeyIssuedTests {

	@ParameterizedTest
	@ValueSource(strings = { "AQVNsecretsecretsecretsecretsecret_xyz789", "****AQVNsecretsecret", "AQVN1234567",
			"**** xyz789" })
	void aSecretOrAnythingLongerThanAMaskIsRefusedAsMaskedEnding(String notAMask) {
		assertThatThrownBy(() -> issued(notAMask)).isInstanceOf(IllegalArgumentException.class)
			.message()
			.doesNotContain(notAMask);
		assertThat(KeyIssued.maskOrNull(notAMask)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "****xyz789", "****ab_c-9", "xyz789" })
	void theCloudsMaskIsKept(String mask) {
		assertThat(issued(mask).maskedEnding()).isEqualTo(mask);
		assertThat(KeyIssued.maskOrNull(mask)).isEqualTo(mask);
	}

	private static KeyIssued issued(String maskedEnding) {
		return new KeyIssued("42", "anna.petrova", null, Instant.parse("2026-12-01T10:00:00Z"), "b1gfolder", "ajesa",
				"sa", List.of("ai.languageModels.user"), List.of("yc.ai.languageModels.execute"), null, "ajekey",
				maskedEnding);
	}

}
