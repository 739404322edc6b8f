package dev.aikeywizard.cloud;

import java.util.List;

/**
 * Lockbox {@code SecretService.Create} body: a secret in {@code folderId} whose first version holds
 * {@code versionPayloadEntries}. An entry's text value is a secret (an API key's): {@link #toString()} never prints it.
 */
public record CreateLockboxSecretRequest(String folderId, String name, String description,
		List<PayloadEntry> versionPayloadEntries) {

	public CreateLockboxSecretRequest {
		versionPayloadEntries = List.copyOf(versionPayloadEntries);
	}

	@Override
	public String toString() {
		return "CreateLockboxSecretRequest[folderId=" + this.folderId + ", name=" + this.name + ", entries="
				+ this.versionPayloadEntries + "]";
	}

	/** One payload entry: {@code key} matches {@code [-_./\\@0-9a-zA-Z]+}, {@code textValue} at most 65536 chars. */
	public record PayloadEntry(String key, String textValue) {

		@Override
		public String toString() {
			return "PayloadEntry[key=" + this.key + ", textValue=<redacted>]";
		}

	}

}
