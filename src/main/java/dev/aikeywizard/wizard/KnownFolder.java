package dev.aikeywizard.wizard;

import java.io.Serial;
import java.io.Serializable;

/** An ACTIVE folder of one of the user's clouds, as last read from the cloud and kept with the run. */
public record KnownFolder(String id, String cloudId, String name) implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

}
