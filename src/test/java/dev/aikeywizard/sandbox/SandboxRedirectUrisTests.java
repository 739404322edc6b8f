package dev.aikeywizard.sandbox;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Which redirect URIs the authorize endpoint sends a code to, by default and when configured. */
class SandboxRedirectUrisTests {

	static SandboxProperties properties(String baseUrl, String publicUrl, List<String> redirectUris) {
		return new SandboxProperties(true, baseUrl, publicUrl, "sandbox-client", "sandbox-secret", false, 1, 100,
				Duration.ZERO, Duration.ZERO, Duration.ZERO, 100, Duration.ofHours(1), redirectUris, Duration.ZERO,
				Duration.ZERO, null);
	}

	final SandboxRedirectUris behindAProxy = new SandboxRedirectUris(
			properties("http://sandbox:8080", "https://demo.example.org/", null).redirectUris());

	@ParameterizedTest
	@ValueSource(strings = { "https://demo.example.org/login/oauth2/code/yandex",
			"https://DEMO.example.org:443/login/oauth2/code/yandex", "http://localhost:8080/login/oauth2/code/yandex",
			"http://127.0.0.1:39121/login/oauth2/code/yandex", "http://[::1]/login/oauth2/code/yandex" })
	void byDefaultThePublicUrlsCallbackAndTheLoopbackCallbacksAreAccepted(String redirectUri) {
		assertThat(this.behindAProxy.allows(redirectUri)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://demo.example.org/login/oauth2/code/yandex",
			"https://demo.example.org:8443/login/oauth2/code/yandex",
			"https://demo.example.org.evil.example/login/oauth2/code/yandex",
			"https://evil.example/login/oauth2/code/yandex", "https://demo.example.org/login/oauth2/code/yandex?x=1",
			"https://demo.example.org/login/oauth2/code/yandex/", "https://demo.example.org/login/oauth2/code/other",
			"https://user@demo.example.org/login/oauth2/code/yandex", "http://localhost:8080/",
			"http://sandbox:8081/login/oauth2/code/yandex", "javascript:alert(1)", "/login/oauth2/code/yandex",
			"not a url" })
	void anythingElseIsRefused(String redirectUri) {
		assertThat(this.behindAProxy.allows(redirectUri)).isFalse();
	}

	@Test
	void aConfiguredListReplacesTheDefaultAndDropsTheLoopbackHosts() {
		SandboxRedirectUris exact = new SandboxRedirectUris(properties("http://localhost:8080", null,
				List.of("https://wizard.example.org/login/oauth2/code/yandex"))
			.redirectUris());
		assertThat(exact.allows("https://wizard.example.org/login/oauth2/code/yandex")).isTrue();
		assertThat(exact.allows("http://localhost:8080/login/oauth2/code/yandex")).isFalse();
	}

	@Test
	void withoutAPublicUrlTheBaseUrlIsTheBrowserFacingOne() {
		assertThat(properties("http://wizard.lan:8080", null, null).redirectUris())
			.contains("http://wizard.lan:8080/login/oauth2/code/yandex");
	}

	@Test
	void aMalformedRegisteredUriStopsTheSandboxFromStarting() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SandboxRedirectUris(List.of("https://wizard.example.org/cb#fragment")))
			.withMessageContaining("app.sandbox.redirect-uris");
	}

}
