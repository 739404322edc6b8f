package dev.aikeywizard.security;

import dev.aikeywizard.cloud.IamToken;
import reactor.core.publisher.Mono;

/**
 * The app's own cloud identity, when it acts for its users instead of with their rights (portal mode: its service
 * account). While a bean of this type exists, every signed-in user's cloud calls are made with its IAM token, and a
 * user's Yandex ID token only says who they are: it is neither exchanged nor kept after sign-in.
 */
public interface ServiceIdentity {

	/** A valid IAM token of the app's service account. */
	Mono<IamToken> iamToken();

	/** The cloud refused the token last handed out (revoked, or forgotten by IAM): the next call gets a new one. */
	void refused();

}
