package dev.aikeywizard.wizard;

import java.io.Serial;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the wizard could see of billing, per cloud. The billing API lists only the accounts the caller has a billing
 * role on, and most developers in an organisation have none, so "not seen" is not "unpaid": only a cloud the wizard
 * sees bound to an inactive account (and to no active one) is blocked.
 *
 * @param clouds each of the user's clouds and what is known of its billing
 */
public record BillingCheck(Map<String, CloudBilling> clouds) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	public BillingCheck {
		clouds = new LinkedHashMap<>(clouds);
	}

	public enum CloudBilling {

		/** Bound to an active billing account. */
		PAID,
		/** Seen bound to an inactive (suspended) account only: the wizard cannot go on in this cloud. */
		SUSPENDED,
		/** The billing account paying for it cannot be seen (no billing role): go on with a warning. */
		UNKNOWN

	}

	public CloudBilling of(String cloudId) {
		return this.clouds.get(cloudId);
	}

	/** The clouds a key can be made in: known to the user and not seen suspended. */
	public Set<String> usableClouds() {
		return this.clouds.entrySet()
			.stream()
			.filter((e) -> e.getValue() != CloudBilling.SUSPENDED)
			.map(Map.Entry::getKey)
			.collect(Collectors.toCollection(java.util.LinkedHashSet::new));
	}

	public boolean usable(String cloudId) {
		CloudBilling billing = this.clouds.get(cloudId);
		return billing != null && billing != CloudBilling.SUSPENDED;
	}

	public boolean blocked() {
		return usableClouds().isEmpty();
	}

}
