package dev.aikeywizard.security;

import java.util.Base64;
import java.util.Map;

import dev.aikeywizard.support.CredentialKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialCipherTests {

	static final String TOKEN = "y0_AgAAAAAbcdefghijklmnopqrstuvwxyz0123456789";

	final String keyOne = CredentialKeys.newKey();

	final String keyTwo = CredentialKeys.newKey();

	@Test
	void sealedValueOpensWhereItWasPutAndShowsNothingOfTheToken() {
		CredentialCipher cipher = new CredentialCipher("1", Map.of("1", this.keyOne));
		String sealed = cipher.seal(TOKEN, "ns:credentials:yandex-id:42");
		assertThat(sealed).startsWith("1.").doesNotContain(TOKEN).doesNotContain("y0_");
		assertThat(cipher.seal(TOKEN, "ns:credentials:yandex-id:42")).as("a fresh IV each time").isNotEqualTo(sealed);
		assertThat(cipher.open(sealed, "ns:credentials:yandex-id:42")).isEqualTo(TOKEN);
	}

	@Test
	void aValueCopiedUnderAnotherUserDoesNotOpen() {
		CredentialCipher cipher = new CredentialCipher("1", Map.of("1", this.keyOne));
		String sealed = cipher.seal(TOKEN, "ns:credentials:yandex-id:42");
		assertThatThrownBy(() -> cipher.open(sealed, "ns:credentials:yandex-id:43"))
			.isInstanceOf(CredentialCipher.UnreadableCredentialException.class);
	}

	@Test
	void anAlteredValueDoesNotOpen() {
		CredentialCipher cipher = new CredentialCipher("1", Map.of("1", this.keyOne));
		String sealed = cipher.seal(TOKEN, "k");
		// One bit of the ciphertext flipped (changing a Base64 character could touch only padding bits).
		int dot = sealed.indexOf('.');
		byte[] bytes = Base64.getDecoder().decode(sealed.substring(dot + 1));
		bytes[bytes.length / 2] ^= 1;
		String altered = sealed.substring(0, dot + 1) + Base64.getEncoder().encodeToString(bytes);
		assertThatThrownBy(() -> cipher.open(altered, "k"))
			.isInstanceOf(CredentialCipher.UnreadableCredentialException.class);
		assertThatThrownBy(() -> cipher.open("garbage", "k"))
			.isInstanceOf(CredentialCipher.UnreadableCredentialException.class);
	}

	@Test
	void afterARotationOldValuesStillOpenAndNewOnesUseTheNewKey() {
		CredentialCipher before = new CredentialCipher("1", Map.of("1", this.keyOne));
		String old = before.seal(TOKEN, "k");
		CredentialCipher after = new CredentialCipher("2", Map.of("1", this.keyOne, "2", this.keyTwo));
		assertThat(after.open(old, "k")).isEqualTo(TOKEN);
		String fresh = after.seal(TOKEN, "k");
		assertThat(fresh).startsWith("2.");
		assertThatThrownBy(() -> before.open(fresh, "k"))
			.isInstanceOf(CredentialCipher.UnreadableCredentialException.class);
	}

	@Test
	void aBadKeyIsRefusedWithoutPrintingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CredentialCipher("1", Map.of("1", "c2hvcnQ=")))
			.withMessageContaining("32 bytes")
			.withMessageNotContaining("c2hvcnQ=");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new CredentialCipher("1", Map.of("1", "not base64 at all!!")))
			.withMessageNotContaining("not base64 at all");
		assertThat(new CredentialCipher("1", Map.of("1", this.keyOne)).toString()).doesNotContain(this.keyOne);
	}

}
