package dev.aikeywizard.wizard;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The least-privilege templates: for each thing a developer wants to call, the roles the service account gets on the
 * folder and the scopes its key gets, nothing more. The one table of them in the code (README shows it beside AI
 * Studio's own quick key, which grants {@code ai.editor} and serverless and search roles and nine scopes).
 * <p>
 * Role and scope names are those of the Yandex Cloud docs (ai-studio/security, speechkit/security,
 * iam/concepts/authorization/api-key). {@link #CUSTOM} fixes nothing: the user picks on the roles and scope steps.
 */
public enum KeyTemplate {

	TEXT("text", EnumSet.of(FoundationRole.LANGUAGE_MODELS_USER), EnumSet.of(KeyScope.LANGUAGE_MODELS)),
	TEXT_AND_IMAGES("text-images",
			EnumSet.of(FoundationRole.LANGUAGE_MODELS_USER, FoundationRole.IMAGE_GENERATION_USER),
			EnumSet.of(KeyScope.LANGUAGE_MODELS, KeyScope.IMAGE_GENERATION)),
	SPEECH("speech", EnumSet.of(FoundationRole.SPEECHKIT_STT_USER, FoundationRole.SPEECHKIT_TTS_USER),
			EnumSet.of(KeyScope.SPEECHKIT_STT, KeyScope.SPEECHKIT_TTS)),
	TRANSLATE_AND_VISION("translate-vision", EnumSet.of(FoundationRole.TRANSLATE_USER, FoundationRole.VISION_USER),
			EnumSet.of(KeyScope.TRANSLATE, KeyScope.VISION)),
	ALL_AI_STUDIO("all-ai", EnumSet.of(FoundationRole.MODELS_USER), EnumSet.of(KeyScope.FOUNDATION_MODELS)),
	CUSTOM("custom", EnumSet.noneOf(FoundationRole.class), EnumSet.noneOf(KeyScope.class));

	/** What the wizard preselects: least privilege. */
	public static final KeyTemplate RECOMMENDED = TEXT;

	private final String id;

	private final Set<FoundationRole> roles;

	private final Set<KeyScope> scopes;

	KeyTemplate(String id, Set<FoundationRole> roles, Set<KeyScope> scopes) {
		this.id = id;
		this.roles = roles;
		this.scopes = scopes;
	}

	/** The name in forms, URLs and {@code data-testid="template-<id>"}. */
	public String id() {
		return this.id;
	}

	/** The roles granted on the folder (a copy; empty for {@link #CUSTOM}). */
	public Set<FoundationRole> roles() {
		return this.roles.isEmpty() ? EnumSet.noneOf(FoundationRole.class) : EnumSet.copyOf(this.roles);
	}

	/** The key's scopes (a copy; empty for {@link #CUSTOM}). */
	public Set<KeyScope> scopes() {
		return this.scopes.isEmpty() ? EnumSet.noneOf(KeyScope.class) : EnumSet.copyOf(this.scopes);
	}

	/** Whether the template fixes roles and scopes (all but {@link #CUSTOM}); only those can drive express. */
	public boolean fixed() {
		return this != CUSTOM;
	}

	/** Message key of the template's name. */
	public String nameKey() {
		return "template." + this.id + ".name";
	}

	/** Message key of the one sentence: what it allows, and how it compares with AI Studio's quick key. */
	public String summaryKey() {
		return "template." + this.id + ".summary";
	}

	public static Optional<KeyTemplate> ofId(String id) {
		return Arrays.stream(values()).filter((template) -> template.id.equals(id)).findFirst();
	}

	/** The fixed template whose roles are exactly these, if any: which one the roles step shows as chosen. */
	public static Optional<KeyTemplate> withRoles(Set<FoundationRole> roles) {
		return Arrays.stream(values()).filter((t) -> t.fixed() && t.roles.equals(roles)).findFirst();
	}

	/** The fixed template whose scopes are exactly these, if any. */
	public static Optional<KeyTemplate> withScopes(Set<KeyScope> scopes) {
		return Arrays.stream(values()).filter((t) -> t.fixed() && t.scopes.equals(scopes)).findFirst();
	}

}
