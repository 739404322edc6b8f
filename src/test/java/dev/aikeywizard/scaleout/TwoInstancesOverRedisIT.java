package dev.aikeywizard.scaleout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.aikeywizard.support.RedisServer;
import dev.aikeywizard.support.SandboxCounts;
import dev.aikeywizard.support.ScaleOut;
import dev.aikeywizard.support.WizardHttpClient;
import dev.aikeywizard.support.WizardHttpClient.Exchange;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-out for real: one Redis (a {@code redis-server} this test starts), one sandbox that both app instances use,
 * and two app instances A and B with the profile {@code redis}. The first steps run on A; A stops; B carries on with
 * the same session cookie, after a sign-in at Yandex ID (B holds no token for the user), and finishes with exactly
 * one service account and one key in the sandbox.
 */
class TwoInstancesOverRedisIT {

	private static final String PERSONA = "ready";

	private static final String SA_NAME = "ai-scaleout-it";

	private final ScaleOut cluster = new ScaleOut();

	@AfterEach
	void stopEverything() throws Exception {
		this.cluster.close();
	}

	@Test
	void progressSurvivesTheInstanceThatMadeItAndNothingIsCreatedTwice() throws Exception {
		RedisServer redis = this.cluster.redis();
		String sandbox = this.cluster.sandbox();
		// The browser reaches the sandbox by another name than the servers do, as behind a proxy.
		String sandboxForBrowsers = this.cluster.sandboxForBrowsers();
		ConfigurableApplicationContext a = this.cluster.startInstanceContext();
		int portA = ScaleOut.port(a);
		int portB = ScaleOut.port(this.cluster.startInstanceContext());

		// On A: sign in, choose the cloud and folder, create the service account.
		WizardHttpClient onA = new WizardHttpClient("http://localhost:" + portA);
		Exchange cloud = onA.signIn(PERSONA, false);
		assertThat(cloud.uri()).endsWith("/wizard/cloud");
		String cloudId = WizardHttpClient.selected(cloud.body(), "cloudId").orElseThrow();
		String folderId = WizardHttpClient.selected(cloud.body(), "folderId").orElseThrow();
		Exchange serviceAccount = onA.follow(onA.post("/wizard/cloud",
				Map.of("cloudId", cloudId, "folderId", folderId, "_csrf", WizardHttpClient.csrf(cloud.body())),
				Map.of()));
		assertThat(path(serviceAccount)).isEqualTo("/wizard/service-account");
		Exchange roles = onA.follow(onA.post("/wizard/service-account", Map.of("name", SA_NAME, "description", "",
				"_csrf", WizardHttpClient.csrf(serviceAccount.body())), Map.of()));
		for (int i = 0; i < 20 && "/wizard/progress".equals(path(roles)); i++) {
			Thread.sleep(200);
			roles = onA.follow(onA.get("/wizard/progress"));
		}
		assertThat(path(roles)).isEqualTo("/wizard/roles");
		assertThat(roles.body()).contains(SA_NAME);

		// The session store holds the progress, small, and nothing secret.
		List<byte[]> sessions = sessionValues(redis);
		assertThat(sessions).isNotEmpty();
		for (byte[] session : sessions) {
			String text = new String(session, StandardCharsets.ISO_8859_1);
			assertThat(text).contains("wizardRun", "SPRING_SECURITY_CONTEXT");
			assertThat(text).doesNotContain("y0_", "t1.", "AQVN", "sandbox-secret");
			assertThat(session.length).as("bytes in one session").isLessThan(16 * 1024);
			System.out.println("one session in Redis: " + session.length + " bytes");
		}

		// A goes away; the same browser (same cookies) now reaches B.
		a.close();
		WizardHttpClient onB = onA.at("http://localhost:" + portB);
		// An htmx call that lands on B first: B has no token for the user, so htmx is told to reload the page.
		Exchange poll = onB.post("/wizard/progress", Map.of(), Map.of("HX-Request", "true", "X-CSRF-TOKEN",
				WizardHttpClient.csrf(roles.body()), "HX-Current-URL", "http://localhost:" + portB + "/wizard/roles"));
		assertThat(poll.status()).isEqualTo(403); // htmx-spring-boot's HxRefreshHeaderAuthenticationEntryPoint
		assertThat(poll.headers().get("hx-refresh")).containsExactly("true");
		// The reload: a full page request goes through Yandex ID and back to the same step.
		Exchange again = onB.followSigningIn(onB.get("/wizard/roles"), PERSONA);
		assertThat(path(again)).as("back on the step the user was on").isEqualTo("/wizard/roles");
		assertThat(again.body()).contains(SA_NAME);
		assertThat(onB.exchanges())
			.anySatisfy((e) -> assertThat(e.uri()).startsWith(sandboxForBrowsers + "/sandbox/oauth/authorize"));

		Exchange result = onB.express(Duration.ofSeconds(60));
		String secret = WizardHttpClient.secret(result.body())
			.orElseThrow(() -> new AssertionError("no key on B: " + result.status() + " " + result.body()));
		assertThat(secret).isNotBlank();
		assertThat(onB.exchanges()).noneSatisfy((e) -> assertThat(e.status()).isGreaterThanOrEqualTo(500));

		// Exactly one service account and one key in the sandbox world: nothing was done twice.
		SandboxCounts world = SandboxCounts.of(sandbox, PERSONA);
		assertThat(world.serviceAccounts()).isEqualTo(1);
		assertThat(world.keys()).isEqualTo(1);

		// Readiness follows Redis on a redis-profile instance.
		WizardHttpClient probe = new WizardHttpClient("http://localhost:" + portB);
		assertThat(probe.get("/actuator/health/readiness").status()).isEqualTo(200);
		redis.close();
		assertThat(probe.get("/actuator/health/readiness").status()).isEqualTo(503);
	}

	private static String path(Exchange exchange) {
		return ScaleOut.path(exchange);
	}

	/** Every session hash in Redis, all fields and values concatenated. */
	private static List<byte[]> sessionValues(RedisServer redis) {
		RedisClient client = RedisClient.create(redis.uri());
		try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
			List<byte[]> sessions = new ArrayList<>();
			for (byte[] key : connection.sync().keys("ai-key-wizard:session:sessions:*".getBytes())) {
				if (new String(key, StandardCharsets.UTF_8).contains(":expires:")) {
					continue;
				}
				java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
				connection.sync().hgetall(key).forEach((field, value) -> {
					all.writeBytes(field);
					all.writeBytes(value);
				});
				sessions.add(all.toByteArray());
			}
			return sessions;
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
		}
	}

}
