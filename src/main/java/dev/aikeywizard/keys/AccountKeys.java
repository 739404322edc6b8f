package dev.aikeywizard.keys;

import java.util.List;

import dev.aikeywizard.cloud.ServiceAccount;

/**
 * A service account of the folder that My keys lists: it holds Foundation Models roles on the folder, or keys.
 *
 * @param roles its Foundation Models roles on the folder
 */
public record AccountKeys(ServiceAccount account, List<String> roles, List<KeyRow> keys) {

	public AccountKeys {
		roles = List.copyOf(roles);
		keys = List.copyOf(keys);
	}

}
