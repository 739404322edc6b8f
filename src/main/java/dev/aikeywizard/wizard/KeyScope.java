package dev.aikeywizard.wizard;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The API key scopes for Foundation Models, and which granted role makes each usable. */
public enum KeyScope {

	LANGUAGE_MODELS("yc.ai.languageModels.execute", EnumSet.of(FoundationRole.LANGUAGE_MODELS_USER)),
	IMAGE_GENERATION("yc.ai.imageGeneration.execute", EnumSet.of(FoundationRole.IMAGE_GENERATION_USER)),
	FOUNDATION_MODELS("yc.ai.foundationModels.execute",
			EnumSet.of(FoundationRole.LANGUAGE_MODELS_USER, FoundationRole.IMAGE_GENERATION_USER));

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

	/** The scopes that match the granted roles: what the scope step preselects. */
	public static Set<KeyScope> matching(Collection<FoundationRole> granted) {
		EnumSet<KeyScope> scopes = EnumSet.noneOf(KeyScope.class);
		if (granted.contains(FoundationRole.LANGUAGE_MODELS_USER)) {
			scopes.add(LANGUAGE_MODELS);
		}
		if (granted.contains(FoundationRole.IMAGE_GENERATION_USER)) {
			scopes.add(IMAGE_GENERATION);
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
