package dev.aikeywizard.wizard.key;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.FoundationModelsApi;
import dev.aikeywizard.wizard.IssuedKey;
import dev.aikeywizard.wizard.KeyScope;
import dev.aikeywizard.wizard.Upstream;
import dev.aikeywizard.wizard.WizardProperties;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Checks a new key with a call its scopes and roles allow and that costs nothing: a text tokenize. Image
 * generation has no such call, so a key that can only generate images is reported as "not checked", never as
 * broken.
 */
@Service
class KeyVerifier {

	static final String VERIFY_MODEL = "yandexgpt-lite/latest";

	/** The longest the page that shows the secret waits for the key's first check. */
	static final Duration FIRST_CHECK = Duration.ofSeconds(2);

	private static final Pattern SECRET_CHARACTERS = Pattern.compile("[A-Za-z0-9_.\\-]+");

	private final FoundationModelsApi foundationModels;

	private final Upstream upstream;

	private final WizardProperties properties;

	private final Clock clock;

	KeyVerifier(FoundationModelsApi foundationModels, Upstream upstream, WizardProperties properties, Clock clock) {
		this.foundationModels = foundationModels;
		this.upstream = upstream;
		this.properties = properties;
		this.clock = clock;
	}

	/** Whether a free check exists for this key: text tokenize needs a text scope and the text role. */
	static boolean checkable(IssuedKey key) {
		boolean textScope = key.scopes().contains(KeyScope.LANGUAGE_MODELS)
				|| key.scopes().contains(KeyScope.FOUNDATION_MODELS);
		return textScope && KeyScope.LANGUAGE_MODELS.usableWith(key.roles());
	}

	/**
	 * Whether {@code secret} can be the secret of the key this run issued: API-key characters only, and, when the
	 * cloud told us the key's masked form ({@code ****} and its last characters), the same last characters. Anything
	 * else is refused without a call, so the check never tries keys the wizard did not make.
	 */
	static boolean couldBeIssuedSecret(String secret, IssuedKey key) {
		if (secret == null || secret.length() < 20 || secret.length() > 512
				|| !SECRET_CHARACTERS.matcher(secret).matches()) {
			return false;
		}
		String masked = (key != null) ? key.maskedSecret() : null;
		String visible = (masked != null) ? masked.replaceFirst("^\\*+", "") : "";
		return visible.isEmpty() || secret.endsWith(visible);
	}

	/**
	 * One tokenize call with the new key; while the role may still be propagating (started less than the verify
	 * timeout ago), a refusal is "pending", not "failure".
	 */
	Verification verify(String secret, IssuedKey key, Instant startedAt) {
		if (!checkable(key)) {
			return Verification.NOT_CHECKABLE;
		}
		try {
			this.upstream.await(tokenize(secret, key));
			return Verification.SUCCESS;
		}
		catch (CloudException ex) {
			boolean propagating = ex instanceof CloudException.PermissionDeniedException
					|| ex instanceof CloudException.UnauthenticatedException
					|| ex instanceof CloudException.UnavailableException;
			boolean inTime = this.clock.instant().isBefore(startedAt.plus(this.properties.verifyTimeout()));
			return new Verification((propagating && inTime) ? Verification.State.PENDING : Verification.State.FAILURE,
					ex);
		}
	}

	/**
	 * The check made before the page that shows the secret goes out, sent at once (as soon as the key exists, while
	 * the run is stored and the audit writes) and bound to {@link #FIRST_CHECK}; {@link #outcome(FirstCheck)} reads
	 * it.
	 */
	FirstCheck startFirstCheck(String secret, IssuedKey key) {
		if (!checkable(key)) {
			return FirstCheck.NOT_CHECKABLE;
		}
		try {
			return new FirstCheck(Objects.requireNonNull(this.upstream.send(tokenize(secret, key), FIRST_CHECK)));
		}
		catch (RuntimeException ex) {
			// The key exists and its secret is about to be shown once: a check that cannot start is left to the page.
			return new FirstCheck(Mono.error(ex));
		}
	}

	/**
	 * What the first check found: {@code SUCCESS} when the key works at once (or {@code NOT_CHECKABLE}); empty on
	 * anything else, refusal, slowness or error, so the page makes its own checks as it always did and nothing holds
	 * back the one response that can show the secret.
	 */
	Optional<Verification> outcome(FirstCheck check) {
		if (check == FirstCheck.NOT_CHECKABLE) {
			return Optional.of(Verification.NOT_CHECKABLE);
		}
		try {
			this.upstream.await(check.answer());
			return Optional.of(Verification.SUCCESS);
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	/** The check itself: a free tokenize of one word with the new key, in the key's folder. */
	private Mono<?> tokenize(String secret, IssuedKey key) {
		return this.foundationModels.tokenizeWithApiKey(secret, key.folderId(), modelUri(key.folderId()), "ping");
	}

	static String modelUri(String folderId) {
		return "gpt://" + folderId + "/" + VERIFY_MODEL;
	}

	/** A first check on its way: the tokenize call's one answer, or none when the key has no free check. */
	static final class FirstCheck {

		static final FirstCheck NOT_CHECKABLE = new FirstCheck(null);

		private final Mono<?> answer;

		private FirstCheck(Mono<?> answer) {
			this.answer = answer;
		}

		Mono<?> answer() {
			return this.answer;
		}

	}

	/** The outcome of a check; {@code cause} is the cloud's refusal, if any. */
	record Verification(State state, CloudException cause) {

		static final Verification NOT_CHECKABLE = new Verification(State.NOT_CHECKABLE, null);

		static final Verification SUCCESS = new Verification(State.SUCCESS, null);

		enum State {

			PENDING, SUCCESS, FAILURE, NOT_CHECKABLE

		}

	}

}
