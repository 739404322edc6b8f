package dev.aikeywizard.portal;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Admins by Yandex login, as Yandex ID compares logins: letter case, dots and hyphens do not matter. */
class PortalAdminsTests {

	@Test
	void aLoginIsAnAdminWhateverItsCaseOrDotsAndHyphens() {
		PortalAdmins admins = new PortalAdmins(List.of("Anna.Petrova", " ivan-smirnov "));
		assertThat(admins.isAdmin("anna.petrova")).isTrue();
		assertThat(admins.isAdmin("ANNA-PETROVA")).isTrue();
		assertThat(admins.isAdmin("ivan.smirnov")).isTrue();
		assertThat(admins.isAdmin("anna.petrov")).isFalse();
		assertThat(admins.isAdmin("annapetrova")).isFalse();
		assertThat(admins.isAdmin(null)).isFalse();
		assertThat(admins.any()).isTrue();
	}

	@Test
	void nobodyIsAnAdminUnlessNamed() {
		PortalAdmins nobody = new PortalAdmins(List.of("", " "));
		assertThat(nobody.isAdmin("")).isFalse();
		assertThat(nobody.isAdmin("anna.petrova")).isFalse();
		assertThat(nobody.any()).isFalse();
	}

}
