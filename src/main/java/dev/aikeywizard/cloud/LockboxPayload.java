package dev.aikeywizard.cloud;

import java.util.List;

/** A Lockbox secret version's payload ({@code PayloadService.Get}): {@link #toString()} never prints a value. */
public record LockboxPayload(String versionId, List<Entry> entries) {

	@Override
	public String toString() {
		return "LockboxPayload[versionId=" + this.versionId + ", entries=" + this.entries + "]";
	}

	public record Entry(String key, String textValue) {

		@Override
		public String toString() {
			return "Entry[key=" + this.key + ", textValue=<redacted>]";
		}

	}

}
