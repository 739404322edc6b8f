package dev.aikeywizard.wizard;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * What the step pages offer: the templates, roles and scopes the {@link IssuePolicy} allows (all of them on a
 * developer's own cloud). Only a convenience: every step checks its input against the policy on the server.
 */
@Component
public class PolicyOffers {

	private final IssuePolicy policy;

	PolicyOffers(IssuePolicy policy) {
		this.policy = policy;
	}

	/** The templates whose every role and scope the policy allows ("Custom" always, when asked for). */
	public List<KeyTemplate> templates(boolean withCustom) {
		return Arrays.stream(KeyTemplate.values())
			.filter((template) -> template.fixed() ? allows(template) : withCustom)
			.toList();
	}

	public List<FoundationRole> roles() {
		return Arrays.stream(FoundationRole.values()).filter((role) -> this.policy.allowsRole(role.id())).toList();
	}

	public List<KeyScope> scopes(Collection<KeyScope> offered) {
		return offered.stream().filter((scope) -> this.policy.allowsScope(scope.id())).toList();
	}

	/** Whether "Lockbox instead of the screen" is offered (and accepted). */
	public boolean allowsLockbox() {
		return this.policy.allowsLockbox();
	}

	private boolean allows(KeyTemplate template) {
		return template.roles().stream().allMatch((role) -> this.policy.allowsRole(role.id()))
				&& template.scopes().stream().allMatch((scope) -> this.policy.allowsScope(scope.id()));
	}

}
