package dev.aikeywizard.cloud;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;

/** {@code POST /iam/v1/tokens}: no Authorization header, the credential goes in the body. */
public class IamTokenApi {

	private final CloudHttp http;

	IamTokenApi(CloudHttp http) {
		this.http = http;
	}

	/** Exchanges a Yandex (Passport) OAuth token for an IAM token. */
	public Mono<IamToken> exchangeOAuthToken(String yandexPassportOauthToken) {
		return exchange(new CloudWire.IamTokenRequest(yandexPassportOauthToken, null));
	}

	/** Exchanges a service-account JWT (PS256) for an IAM token. */
	public Mono<IamToken> exchangeJwt(String jwt) {
		return exchange(new CloudWire.IamTokenRequest(null, jwt));
	}

	private Mono<IamToken> exchange(CloudWire.IamTokenRequest request) {
		// Side-effect free, so it is retried like a read; it has no idempotency key of its own.
		CloudHttp.Call call = new CloudHttp.Call(HttpMethod.POST, "/iam/v1/tokens", java.util.Map.of(), request, null,
				null, java.util.Map.of());
		return this.http.call(call, CloudWire.IamTokenResponse.class)
			.map((response) -> new IamToken(response.iamToken(), response.expiresAt()));
	}

}
