package dev.aikeywizard.wizard;

import java.util.Arrays;
import java.util.Optional;

/**
 * The AI Studio roles the wizard can grant on a folder (Yandex Cloud docs, ai-studio/security and
 * speechkit/security): the per-service user roles first, then the broad ones. New constants go at the end (runs in
 * Redis and sessions hold these by name, so the order is only what the roles step shows).
 */
public enum FoundationRole {

	LANGUAGE_MODELS_USER("ai.languageModels.user"), IMAGE_GENERATION_USER("ai.imageGeneration.user"),
	DATASETS_EDITOR("ai.datasets.editor"), MODELS_EDITOR("ai.models.editor"),
	ASSISTANTS_EDITOR("ai.assistants.editor"), SPEECHKIT_STT_USER("ai.speechkit-stt.user"),
	SPEECHKIT_TTS_USER("ai.speechkit-tts.user"), TRANSLATE_USER("ai.translate.user"), VISION_USER("ai.vision.user"),
	MODELS_USER("ai.models.user"), AI_EDITOR("ai.editor");

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
