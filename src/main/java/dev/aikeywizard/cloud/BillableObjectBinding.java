package dev.aikeywizard.cloud;

import java.time.Instant;

/** Binding of a billable object (a cloud, {@code type == "cloud"}) to a billing account. */
public record BillableObjectBinding(Instant effectiveTime, BillableObject billableObject) {

	public record BillableObject(String id, String type) {
	}

}
