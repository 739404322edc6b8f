package dev.aikeywizard.cloud;

import java.util.Map;

/** The body of {@code POST /iam/v1/serviceAccounts}; {@code labels} is left out when {@code null}. */
public record CreateServiceAccountRequest(String folderId, String name, String description,
		Map<String, String> labels) {

	public CreateServiceAccountRequest(String folderId, String name, String description) {
		this(folderId, name, description, null);
	}

}
