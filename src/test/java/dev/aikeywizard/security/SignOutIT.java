package dev.aikeywizard.security;

import java.util.Map;

import dev.aikeywizard.sandbox.SandboxProbe;
import dev.aikeywizard.support.FreePort;
import dev.aikeywizard.support.WizardHttpClient;
import dev.aikeywizard.support.WizardHttpClient.Exchange;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing out: logout leaves nothing behind (the Yandex ID token from sign-in, valid for a year, and the cloud
 * credential are gone from the server, kept by the Yandex user id while signed in), and nothing but logout signs
 * anyone out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class SignOutIT {

	static final int PORT = FreePort.find();

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
	}

	@Autowired
	OAuth2AuthorizedClientService authorizedClients;

	@Autowired
	CredentialVault vault;

	@Test
	void logoutForgetsTheYandexIdTokenAndTheCloudCredential() {
		String userId = SandboxProbe.userIds().get("ready");
		WizardHttpClient browser = new WizardHttpClient("http://localhost:" + PORT);
		Exchange cloudStep = browser.signIn("ready", false);
		assertThat(cloudStep.status()).isEqualTo(200);

		assertThat(yandexIdToken(userId)).as("kept by the Yandex user id").isNotNull();
		assertThat(this.vault.find(userId, CredentialVault.Kind.CLOUD)).as("the IAM token the billing step used")
			.isPresent();

		Exchange loggedOut = browser.post("/logout", Map.of("_csrf", WizardHttpClient.csrf(cloudStep.body())),
				Map.of());
		assertThat(loggedOut.status()).isEqualTo(302);

		assertThat(yandexIdToken(userId)).isNull();
		assertThat(this.vault.find(userId, CredentialVault.Kind.CLOUD)).isEmpty();
		Exchange wizard = browser.get("/wizard");
		assertThat(wizard.status()).as("signed out").isEqualTo(302);
		assertThat(wizard.location()).endsWith("/oauth2/authorization/yandex");
	}

	@Test
	void aLinkToSignInAgainSignsNobodyOut() {
		WizardHttpClient browser = new WizardHttpClient("http://localhost:" + PORT);
		browser.signIn("trial", false);
		// What a cross-site link or image does: a GET, without following where it leads.
		Exchange link = browser.get("/wizard/reauthenticate");
		assertThat(link.status()).isEqualTo(302);
		assertThat(link.location()).endsWith("/oauth2/authorization/yandex");
		Exchange wizard = browser.get("/wizard/cloud");
		assertThat(wizard.status()).as("still signed in").isEqualTo(200);
	}

	/** Signed in elsewhere earlier, IAM now refuses the new sign-in's token: the old cloud credential is not used. */
	@Test
	void aNewSignInReplacesTheCloudCredentialOfTheLastOne() {
		WizardHttpClient earlier = new WizardHttpClient("http://localhost:" + PORT);
		assertThat(earlier.signIn("viewer", false).uri()).endsWith("/wizard/cloud");
		WizardHttpClient now = new WizardHttpClient("http://localhost:" + PORT);
		Exchange page = now.signIn("viewer", true);
		assertThat(page.uri()).endsWith("/wizard/connect");
	}

	private OAuth2AuthorizedClient yandexIdToken(String userId) {
		return this.authorizedClients.loadAuthorizedClient("yandex", userId);
	}

}
