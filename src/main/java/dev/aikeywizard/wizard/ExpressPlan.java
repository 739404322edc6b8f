package dev.aikeywizard.wizard;

import java.io.Serial;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;

/**
 * "Create with recommended settings": the roles, scopes, expiry and description shown on the page where the user
 * pressed it, fixed when pressed. The run carries it out step by step; any manual step cancels it.
 */
public record ExpressPlan(Set<FoundationRole> roles, Set<KeyScope> scopes, KeyExpiry expiry, String description)
		implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	public ExpressPlan {
		roles = EnumSet.copyOf(roles);
		scopes = EnumSet.copyOf(scopes);
	}

	/** The recommendation: text generation only, its matching scope, the default lifetime. */
	public static ExpressPlan recommended(KeyExpiry expiry, String description) {
		return of(KeyTemplate.RECOMMENDED, expiry, description);
	}

	/** The roles and scopes of a fixed {@code template}. */
	public static ExpressPlan of(KeyTemplate template, KeyExpiry expiry, String description) {
		if (!template.fixed()) {
			throw new IllegalArgumentException("express needs a template with roles and scopes, not " + template);
		}
		return new ExpressPlan(template.roles(), template.scopes(), expiry, description);
	}

}
