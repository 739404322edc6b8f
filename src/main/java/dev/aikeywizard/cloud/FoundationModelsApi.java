package dev.aikeywizard.cloud;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;

/** Foundation Models: {@code llm.api.cloud.yandex.net/foundationModels/v1}. */
public class FoundationModelsApi {

	private final CloudHttp http;

	FoundationModelsApi(CloudHttp http) {
		this.http = http;
	}

	/** {@code POST tokenize} with {@code Authorization: Api-Key <secret>}: the cheapest proof that a key works. */
	public Mono<TokenizeResult> tokenizeWithApiKey(String apiKeySecret, String folderId, String modelUri,
			String text) {
		CloudHttp.Call call = new CloudHttp.Call(HttpMethod.POST, "/foundationModels/v1/tokenize", Map.of(),
				new CloudWire.TokenizeRequest(modelUri, text), "Api-Key " + apiKeySecret, null,
				Map.of("x-folder-id", folderId));
		return this.http.call(call, TokenizeResult.class);
	}

	public record TokenizeResult(List<Token> tokens, String modelVersion) {

		public record Token(String id, String text, boolean special) {
		}

	}

}
