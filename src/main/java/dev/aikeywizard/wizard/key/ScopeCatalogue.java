package dev.aikeywizard.wizard.key;

import java.util.Arrays;
import java.util.List;

import dev.aikeywizard.cloud.ApiKeyApi;
import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.wizard.KeyScope;
import dev.aikeywizard.wizard.Upstream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * The scopes the scope step offers: the wizard's AI scopes that Yandex Cloud's own catalogue
 * ({@code GET /iam/v1/apiKeyScopes}) lists, or all of them when the catalogue does not answer (an older installation,
 * an outage). A scope the cloud no longer lists is not offered, so a key never asks for it.
 */
@Service
class ScopeCatalogue {

	private static final Logger log = LoggerFactory.getLogger(ScopeCatalogue.class);

	private final ApiKeyApi apiKeys;

	private final Upstream upstream;

	ScopeCatalogue(ApiKeyApi apiKeys, Upstream upstream) {
		this.apiKeys = apiKeys;
		this.upstream = upstream;
	}

	/** The scopes to offer, in the wizard's order. */
	List<KeyScope> offered(IamToken token) {
		List<String> listed;
		try {
			listed = this.upstream.await(this.apiKeys.listScopes(token));
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
