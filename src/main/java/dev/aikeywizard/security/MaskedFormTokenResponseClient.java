package dev.aikeywizard.security;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.core.codec.Hints;
import org.springframework.http.ReactiveHttpInputMessage;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.web.reactive.function.OAuth2BodyExtractors;
import org.springframework.web.reactive.function.BodyExtractor;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The login's code-for-token request, sent with Spring Security's WebClient token client. Spring's RestClient (what
 * the default client uses) prints a request's form at DEBUG, and this form holds the authorization code, the PKCE
 * verifier and, with {@code client_secret_post}, the client secret; WebClient's form writer prints only the field
 * names. Its JSON decoder would print the start of the answer (the access token) at DEBUG: the answer is read with
 * Spring's hint that suppresses that. The client authenticates with HTTP Basic ({@code client_secret_basic}, see
 * application.yml), which Yandex ID documents.
 */
final class MaskedFormTokenResponseClient implements OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

	private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);

	private final WebClientReactiveAuthorizationCodeTokenResponseClient delegate = new WebClientReactiveAuthorizationCodeTokenResponseClient();

	MaskedFormTokenResponseClient() {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
			.responseTimeout(RESPONSE_TIMEOUT);
		this.delegate.setWebClient(WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build());
		this.delegate.setBodyExtractor(withoutLogging(OAuth2BodyExtractors.oauth2AccessTokenResponse()));
	}

	private static <T> BodyExtractor<T, ReactiveHttpInputMessage> withoutLogging(
			BodyExtractor<T, ReactiveHttpInputMessage> extractor) {
		return (message, context) -> extractor.extract(message, new BodyExtractor.Context() {

			@Override
			public List<HttpMessageReader<?>> messageReaders() {
				return context.messageReaders();
			}

			@Override
			public Optional<ServerHttpResponse> serverResponse() {
				return context.serverResponse();
			}

			@Override
			public Map<String, Object> hints() {
				Map<String, Object> hints = new HashMap<>(context.hints());
				hints.put(Hints.SUPPRESS_LOGGING_HINT, true);
				return hints;
			}

		});
	}

	@Override
	public OAuth2AccessTokenResponse getTokenResponse(OAuth2AuthorizationCodeGrantRequest request) {
		return this.delegate.getTokenResponse(request).block(RESPONSE_TIMEOUT.plus(CONNECT_TIMEOUT));
	}

}
