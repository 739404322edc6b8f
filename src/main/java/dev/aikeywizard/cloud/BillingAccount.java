package dev.aikeywizard.cloud;

import java.time.Instant;

/** A billing account the caller has a billing role on. {@code active} is the only state the API exposes. */
public record BillingAccount(String id, String name, Instant createdAt, String countryCode, String currency,
		boolean active, String balance) {
}
