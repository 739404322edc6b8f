package dev.aikeywizard.portal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;

import static org.assertj.core.api.Assertions.assertThat;

/** Who the desk serves, and the name each staff member's service account gets. */
class StaffRulesTests {

	/** Yandex Cloud's service-account name rule. */
	static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");

	@Property
	void everyLoginGivesAValidAccountName(@ForAll @StringLength(max = 120) String login,
			@ForAll("prefixes") String prefix) {
		assertThat(PortalIssuePolicy.accountName(prefix, login)).matches(NAME);
		// and with the suffix a second folder of the same cloud needs
		assertThat(PortalIssuePolicy.accountName(prefix, login) + "-10").matches(NAME);
	}

	@Provide
	Arbitrary<String> prefixes() {
		return Arbitraries.of("ai-desk-", "", "9-", "Team_AI.", "-");
	}

	@Test
	void theAccountNameIsThePrefixAndTheLogin() {
		assertThat(PortalIssuePolicy.accountName("ai-desk-", "alexey.ivanov")).isEqualTo("ai-desk-alexey-ivanov");
		assertThat(PortalIssuePolicy.accountName("ai-desk-", "Ivan.Petrov--2")).isEqualTo("ai-desk-ivan-petrov-2");
	}

	@Test
	void loginsAndEmailDomainsAreComparedWithoutCase() {
		StaffAllowList list = new StaffAllowList(List.of("Alexey.Ivanov"), List.of("@Northwind.example"));
		assertThat(list.allows(member("alexey.ivanov", null))).isTrue();
		assertThat(list.allows(member("someone", "Someone@NORTHWIND.example"))).isTrue();
		assertThat(list.allows(member("someone", "someone@northwind.example.evil.com"))).isFalse();
		assertThat(list.allows(member("nikita.belov", "nikita.belov@yandex.ru"))).isFalse();
	}

	@Test
	void emptyListsAllowNobody() {
		StaffAllowList nobody = new StaffAllowList(List.of(), List.of());
		assertThat(nobody.empty()).isTrue();
		assertThat(nobody.allows(member("alexey.ivanov", "alexey.ivanov@yandex.ru"))).isFalse();
		assertThat(nobody.allows(member("", ""))).isFalse();
	}

	private static StaffMember member(String login, String email) {
		Map<String, Object> attributes = new HashMap<>();
		attributes.put("id", "1984526787");
		attributes.put("login", login);
		if (email != null) {
			attributes.put("default_email", email);
		}
		return StaffMember.of(new DefaultOAuth2User(AuthorityUtils.NO_AUTHORITIES, attributes, "id"));
	}

}
