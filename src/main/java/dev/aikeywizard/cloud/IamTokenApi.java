package dev.aikeywizard.cloud;

import reactor.core.publisher.Mono;

/** {@code POST /iam/v1/tokens}: no Authorization header, the credential goes in the body. */
public class IamTokenApi {

	/** Exchanges a Yandex (Passport) OAuth token for an IAM token. */
	public Mono<IamToken> exchangeOAuthToken(String yandexPassportOauthToken) {
		throw new UnsupportedOperationException("not written yet");
	}

	/** Exchanges a service-account JWT (PS256) for an IAM token. */
	public Mono<IamToken> exchangeJwt(String jwt) {
		throw new UnsupportedOperationException("not written yet");
	}

}
