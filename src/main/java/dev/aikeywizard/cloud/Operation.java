package dev.aikeywizard.cloud;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A long-running operation. {@code metadata} and {@code response} are the JSON objects of the Any fields, including
 * their {@code @type} key. When {@code done} is true exactly one of {@code error} and {@code response} is set.
 */
public record Operation(String id, String description, Instant createdAt, String createdBy, Instant modifiedAt,
		boolean done, Map<String, Object> metadata, Map<String, Object> response, RpcStatus error) {

	public Optional<String> metadataString(String field) {
		return string(metadata, field);
	}

	public Optional<String> responseString(String field) {
		return string(response, field);
	}

	private static Optional<String> string(Map<String, Object> map, String field) {
		if (map == null || !(map.get(field) instanceof String s) || s.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(s);
	}

}
