package dev.aikeywizard.wizard;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The AI Studio API key scopes the wizard offers (Yandex Cloud docs, iam/concepts/authorization/api-key), and which
 * granted roles make each usable. {@code ai.models.user} and {@code ai.editor} cover every AI call; the first role of
 * each set is the narrow one the wizard suggests.
 */
public enum KeyScope {

	LANGUAGE_MODELS("yc.ai.languageModels.execute",
			EnumSet.of(FoundationRole.LANGUAGE_MODELS_USER, FoundationRole.MODELS_USER, FoundationRole.AI_EDITOR)),
	IMAGE_GENERATION("yc.ai.imageGeneration.execute",
			EnumSet.of(FoundationRole.IMAGE_GENERATION_USER, FoundationRole.MODELS_USER, FoundationRole.AI_EDITOR)),
	FOUNDATION_MODELS("yc.ai.foundationModels.execute",
			EnumSet.of(FoundationRole.LANGUAGE_MODELS_USER, FoundationRole.IMAGE_GENERATION_USER,
					FoundationRole.SPEECHKIT_STT_USER, FoundationRole.SPEECHKIT_TTS_USER,
					FoundationRole.TRANSLATE_USER, FoundationRole.VISION_USER, FoundationRole.MODELS_USER,
					FoundationRole.AI_EDITOR)),
	SPEECHKIT_STT("yc.ai.speechkitStt.execute",
			EnumSet.of(FoundationRole.SPEECHKIT_STT_USER, FoundationRole.MODELS_USER, FoundationRole.AI_EDITOR)),
	SPEECHKIT_TTS("yc.ai.speechkitTts.execute",
			EnumSet.of(FoundationRole.SPEECHKIT_TTS_USER, FoundationRole.MODELS_USER, FoundationRole.AI_EDITOR)),
	TRANSLATE("yc.ai.translate.execute",
			EnumSet.of(FoundationRole.TRANSLATE_USER, FoundationRole.MODELS_USER, FoundationRole.AI_EDITOR)),
	VISION("yc.ai.vision.execute",
			EnumSet.of(FoundationRole.VISION_USER, FoundationRole.MODELS_USER, FoundationRole.AI_EDITOR));

	private final String id;

	private final Set<FoundationRole> anyOfRoles;

	KeyScope(String id, Set<FoundationRole> anyOfRoles) {
		this.id = id;
		this.anyOfRoles = anyOfRoles;
	}

	public String id() {
		return this.id;
	}

	public String descriptionKey() {
		return "scope." + this.id + ".description";
	}

	/** True when a key with this scope can do something with these roles granted. */
	public boolean usableWith(Collection<FoundationRole> granted) {
		return granted.stream().anyMatch(this.anyOfRoles::contains);
	}

	/** The role to grant so that this scope works. */
	public FoundationRole neededRole() {
		return this.anyOfRoles.iterator().next();
	}

	/**
	 * The scopes that match the granted roles: what the scope step preselects. A narrow role gives its own scope; a
	 * broad one ({@code ai.models.user}, {@code ai.editor}) gives {@code yc.ai.foundationModels.execute}.
	 */
	public static Set<KeyScope> matching(Collection<FoundationRole> granted) {
		EnumSet<KeyScope> scopes = EnumSet.noneOf(KeyScope.class);
		if (granted.contains(FoundationRole.MODELS_USER) || granted.contains(FoundationRole.AI_EDITOR)) {
			scopes.add(FOUNDATION_MODELS);
		}
		for (KeyScope scope : values()) {
			if (scope != FOUNDATION_MODELS && granted.contains(scope.neededRole())) {
				scopes.add(scope);
			}
		}
		if (scopes.isEmpty()) {
			scopes.add(LANGUAGE_MODELS);
		}
		return scopes;
	}

	public static Optional<KeyScope> ofId(String id) {
		return Arrays.stream(values()).filter((scope) -> scope.id.equals(id)).findFirst();
	}

}
