package dev.aikeywizard.cloud;

import java.util.List;

import reactor.core.publisher.Mono;

/** Foundation Models: {@code llm.api.cloud.yandex.net/foundationModels/v1}. */
public class FoundationModelsApi {

	/** {@code POST tokenize} with {@code Authorization: Api-Key <secret>}: the cheapest proof that a key works. */
	public Mono<TokenizeResult> tokenizeWithApiKey(String apiKeySecret, String folderId, String modelUri,
			String text) {
		throw new UnsupportedOperationException("not written yet");
	}

	public record TokenizeResult(List<Token> tokens, String modelVersion) {

		public record Token(String id, String text, boolean special) {
		}

	}

}
