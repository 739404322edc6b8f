package dev.aikeywizard.wizard;

import java.util.Arrays;
import java.util.Optional;

/** The Foundation Models roles the wizard can grant on a folder, in the console's order. */
public enum FoundationRole {

	LANGUAGE_MODELS_USER("ai.languageModels.user"), IMAGE_GENERATION_USER("ai.imageGeneration.user"),
	DATASETS_EDITOR("ai.datasets.editor"), MODELS_EDITOR("ai.models.editor"),
	ASSISTANTS_EDITOR("ai.assistants.editor");

	/** What the wizard preselects. */
	public static final FoundationRole RECOMMENDED = LANGUAGE_MODELS_USER;

	private final String id;

	FoundationRole(String id) {
		this.id = id;
	}

	public String id() {
		return this.id;
	}

	/** Message key of the one-sentence description. */
	public String descriptionKey() {
		return "role." + this.id + ".description";
	}

	public static Optional<FoundationRole> ofId(String id) {
		return Arrays.stream(values()).filter((role) -> role.id.equals(id)).findFirst();
	}

}
