package dev.aikeywizard.cloud;

/**
 * The answer to an API key creation: the only place the secret ever appears. {@link #toString()} redacts it; hand
 * it straight to the one page that shows it and drop it.
 */
public record CreatedApiKey(ApiKey apiKey, String secret) {

	@Override
	public String toString() {
		return "CreatedApiKey[apiKey=" + apiKey + ", secret=<redacted>]";
	}

}
