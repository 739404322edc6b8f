package dev.aikeywizard.cloud;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of {@code PATCH /iam/v1/apiKeys/{id}}: only the fields named in {@code updateMask} (a FieldMask in its
 * JSON form, comma-separated lowerCamelCase paths) are sent; the others are left out, never sent as null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpdateApiKeyRequest(String updateMask, String description, List<String> scopes, Instant expiresAt) {

	/**
	 * A change of the given fields; {@code null} means "leave as it is".
	 * @throws IllegalArgumentException when nothing would change
	 */
	public static UpdateApiKeyRequest of(String description, List<String> scopes, Instant expiresAt) {
		List<String> mask = new ArrayList<>();
		if (description != null) {
			mask.add("description");
		}
		if (scopes != null) {
			mask.add("scopes");
		}
		if (expiresAt != null) {
			mask.add("expiresAt");
		}
		if (mask.isEmpty()) {
			throw new IllegalArgumentException("an update needs at least one field");
		}
		return new UpdateApiKeyRequest(String.join(",", mask), description,
				(scopes != null) ? List.copyOf(scopes) : null, expiresAt);
	}

}
