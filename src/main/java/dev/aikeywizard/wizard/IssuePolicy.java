package dev.aikeywizard.wizard;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.ServiceAccount;

/**
 * What this deployment lets a user create, enforced on the server by every step (what a page offers is only a
 * convenience). On a developer's own cloud ({@link #PERSONAL}) the cloud's own permissions are the only limit; in
 * portal mode the organisation's policy narrows folders, roles, scopes, expiry, the service account the keys go on
 * and how many keys a user holds.
 */
public interface IssuePolicy {

	/** Nothing beyond what the cloud itself allows. */
	IssuePolicy PERSONAL = new IssuePolicy() {
	};

	/** Whether keys may be made in this folder. */
	default boolean allowsFolder(String folderId) {
		return true;
	}

	/** Whether this role may be granted. */
	default boolean allowsRole(String roleId) {
		return true;
	}

	/** Whether a key may have this scope. */
	default boolean allowsScope(String scopeId) {
		return true;
	}

	/** The longest a key may live; when present an expiry is mandatory. */
	default Optional<Duration> maxKeyLifetime() {
		return Optional.empty();
	}

	/**
	 * The one service account a user's keys go on, named from their login, when the policy fixes it: the user may
	 * neither name another nor take one the wizard did not make for them. Empty: any they may use.
	 */
	default Optional<String> serviceAccountName(String login) {
		return Optional.empty();
	}

	/**
	 * Called before anything is made for another key of the user (the express click, the key step, a rotation), with
	 * the token the key will be created with.
	 * @param userId the Yandex user id
	 * @param folderId the folder the key is for
	 * @throws PolicyException when the policy refuses another key
	 */
	default void checkAnotherKey(IamToken token, String userId, String folderId) {
	}

	/** Whether a key's secret may be written into Lockbox instead of being shown (in portal mode it may not). */
	default boolean allowsLockbox() {
		return true;
	}

	/**
	 * Whether the user may see and manage the keys of this service account (My keys): any they can read on their own
	 * cloud; in portal mode only their own.
	 * @param userId the Yandex user id
	 */
	default boolean managesAccount(ServiceAccount account, String userId) {
		return true;
	}

	/** Whether the user may see the paying billing account's details, or only whether the cloud is paid. */
	default boolean showsBillingDetails() {
		return true;
	}

	/**
	 * Refuses roles outside the policy.
	 * @throws PolicyException naming the first role not allowed
	 */
	default void requireRoles(Collection<FoundationRole> roles) {
		for (FoundationRole role : roles) {
			if (!allowsRole(role.id())) {
				throw new PolicyException("policy.role", role.id());
			}
		}
	}

	/**
	 * Refuses key settings outside the policy: a scope not allowed, no expiry where one is mandatory, or one later
	 * than the longest lifetime from {@code now}.
	 * @throws PolicyException naming the rule
	 */
	default void requireKeySettings(KeySettings settings, Instant now) {
		requireScopes(settings.scopes().stream().map(KeyScope::id).toList());
		requireExpiry((settings.expiry() != null) ? settings.expiry().instant() : null, now);
	}

	/**
	 * Refuses scopes outside the policy.
	 * @throws PolicyException naming the first scope not allowed
	 */
	default void requireScopes(Collection<String> scopeIds) {
		for (String scope : scopeIds) {
			if (!allowsScope(scope)) {
				throw new PolicyException("policy.scope", scope);
			}
		}
	}

	/**
	 * Refuses an expiry later than the longest lifetime from {@code now} (a day's grace: the date picker offers whole
	 * days), or none where one is mandatory.
	 * @throws PolicyException naming the rule
	 */
	default void requireExpiry(Instant expiresAt, Instant now) {
		Optional<Duration> longest = maxKeyLifetime();
		if (longest.isEmpty()) {
			return;
		}
		if (expiresAt == null) {
			throw new PolicyException("policy.expiry.required", String.valueOf(longest.get().toDays()));
		}
		if (expiresAt.isAfter(now.plus(longest.get()).plus(Duration.ofDays(1)))) {
			throw new PolicyException("policy.expiry.tooLate", String.valueOf(longest.get().toDays()));
		}
	}

	/** Refuses an express plan any piece of which the policy would refuse, before anything is made. */
	default void requirePlan(ExpressPlan plan, Instant now) {
		requireRoles(plan.roles());
		requireKeySettings(new KeySettings(plan.scopes(), plan.expiry(), plan.description()), now);
	}

}
