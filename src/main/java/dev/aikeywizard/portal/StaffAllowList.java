package dev.aikeywizard.portal;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may use the desk: {@code app.portal.allowed-logins} and {@code app.portal.allowed-email-domains}, compared
 * without regard to case. With both empty, nobody may (a desk open to every Yandex account would hand out the
 * organisation's keys to anyone).
 */
final class StaffAllowList {

	private final Set<String> logins;

	private final Set<String> emailDomains;

	StaffAllowList(List<String> logins, List<String> emailDomains) {
		this.logins = normalised(logins);
		this.emailDomains = normalised(emailDomains.stream().map((d) -> d.startsWith("@") ? d.substring(1) : d).toList());
	}

	private static Set<String> normalised(List<String> values) {
		return values.stream()
			.map((v) -> v.strip().toLowerCase(Locale.ROOT))
			.filter((v) -> !v.isEmpty())
			.collect(Collectors.toUnmodifiableSet());
	}

	boolean allows(StaffMember member) {
		return (!member.login().isEmpty() && this.logins.contains(member.login()))
				|| (!member.emailDomain().isEmpty() && this.emailDomains.contains(member.emailDomain()));
	}

	boolean empty() {
		return this.logins.isEmpty() && this.emailDomains.isEmpty();
	}

}
