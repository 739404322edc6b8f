package dev.aikeywizard.wizard.key;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.aikeywizard.cloud.ApiKeyApi;
import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.wizard.KeyScope;
import dev.aikeywizard.wizard.Upstream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * The scopes the scope step offers: the wizard's AI scopes that Yandex Cloud's own catalogue
 * ({@code GET /iam/v1/apiKeyScopes}) lists, or all of them when the catalogue does not answer (an older installation,
 * an outage). A scope the cloud no longer lists is not offered, so a key never asks for it.
 * <p>
 * A step that leads to the scope step after a wait (the role grant's operation) reads the catalogue ahead for its
 * user with {@link #readAhead}, beside that wait, so the scope page does not read it after the wait: the next scope
 * page of that user takes the answer (once; it is kept at most {@link #READ_AHEAD_KEPT}, and holds only the list of
 * scope names, never a token).
 */
@Service
public class ScopeCatalogue {

	/** How long a catalogue read ahead waits for its scope page. */
	static final Duration READ_AHEAD_KEPT = Duration.ofMinutes(2);

	private static final Logger log = LoggerFactory.getLogger(ScopeCatalogue.class);

	private final ApiKeyApi apiKeys;

	private final Upstream upstream;

	/** Catalogues read ahead, by Yandex user id, until their scope page takes them. */
	private final Cache<String, CompletableFuture<List<String>>> readAhead = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterWrite(READ_AHEAD_KEPT)
		.build();

	ScopeCatalogue(ApiKeyApi apiKeys, Upstream upstream) {
		this.apiKeys = apiKeys;
		this.upstream = upstream;
	}

	/**
	 * Starts reading the catalogue for the user's next scope page, without waiting for it (a failure is met by that
	 * page, which then offers the built-in list as for a catalogue read there).
	 * @param userId the Yandex user id the answer is kept for
	 */
	public void readAhead(IamToken token, String userId) {
		this.readAhead.put(userId, this.apiKeys.listScopes(token).toFuture());
	}

	/**
	 * The scopes to offer, in the wizard's order: from the catalogue read ahead for this user, if any, else read now.
	 * @param userId the Yandex user id
	 */
	List<KeyScope> offered(IamToken token, String userId) {
		CompletableFuture<List<String>> ahead = this.readAhead.asMap().remove(userId);
		List<String> listed;
		try {
			listed = this.upstream.await((ahead != null) ? Mono.fromFuture(ahead) : this.apiKeys.listScopes(token));
		}
		catch (CloudException.UnauthenticatedException ex) {
			throw ex; // the sign-in is over: the usual way back to Yandex ID
		}
		catch (CloudException ex) {
			log.info("API key scope catalogue unavailable ({} HTTP {}), offering the built-in list", ex.code(),
					ex.httpStatus());
			return List.of(KeyScope.values());
		}
		if (listed == null || listed.isEmpty()) {
			return List.of(KeyScope.values());
		}
		return Arrays.stream(KeyScope.values()).filter((scope) -> listed.contains(scope.id())).toList();
	}

}
