package dev.aikeywizard.scaleout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.aikeywizard.sandbox.SandboxProbe;
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
 * the same session cookie and no second sign-in (the user's credentials are in Redis, sealed), and finishes with
 * exactly one service account and one key in the sandbox. Redis never holds a token in plain text.
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
		// An htmx call that lands on B first: B serves it (it used to answer "reload", then send the user through
		// Yandex ID again, as it held no token for them).
		Exchange poll = onB.post("/wizard/progress", Map.of(), Map.of("HX-Request", "true", "X-CSRF-TOKEN",
				WizardHttpClient.csrf(roles.body()), "HX-Current-URL", "http://localhost:" + portB + "/wizard/roles"));
		assertThat(poll.status()).isLessThan(400);
		assertThat(poll.headers()).doesNotContainKey("hx-refresh");
		Exchange again = onB.follow(onB.get("/wizard/roles"));
		assertThat(path(again)).as("on the step the user was on").isEqualTo("/wizard/roles");
		assertThat(again.body()).contains(SA_NAME);

		Exchange result = onB.express(Duration.ofSeconds(60));
		String secret = WizardHttpClient.secret(result.body())
			.orElseThrow(() -> new AssertionError("no key on B: " + result.status() + " " + result.body()));
		assertThat(secret).isNotBlank();
		assertThat(onB.exchanges()).noneSatisfy((e) -> assertThat(e.status()).isGreaterThanOrEqualTo(500));
		assertThat(onB.exchanges()).as("no second sign-in on B")
			.noneSatisfy((e) -> assertThat(e.uri()).startsWith(sandboxForBrowsers + "/sandbox/oauth/authorize"));

		// Redis, every key and value: the tokens the sandbox handed out are there only sealed.
		String everything = everythingIn(redis);
		assertThat(everything).contains(":credentials:yandex-id:", ":credentials:cloud:");
		Set<String> tokens = new TreeSet<>(SandboxProbe.oauthTokens(this.cluster.sandboxWorlds()));
		tokens.addAll(SandboxProbe.iamTokens(this.cluster.sandboxWorlds()));
		assertThat(tokens).as("tokens handed out").hasSizeGreaterThanOrEqualTo(2);
		assertThat(tokens).as("tokens in plain text in Redis").noneMatch(everything::contains);
		assertThat(everything).doesNotContain("y0_", "t1.", "AQVN");

		// Exactly one service account and one key in the sandbox world: nothing was done twice.
		SandboxCounts world = SandboxCounts.of(sandbox, PERSONA);
		assertThat(world.serviceAccounts()).isEqualTo(1);
		assertThat(world.keys()).isEqualTo(1);

		// Readiness follows Redis on a redis-profile instance.
		WizardHttpClient probe = new WizardHttpClient("http://localhost:" + portB);
		assertThat(probe.get("/readyz").status()).isEqualTo(200);
		redis.close();
		assertThat(probe.get("/readyz").status()).isEqualTo(503);
	}

	private static String path(Exchange exchange) {
		return ScaleOut.path(exchange);
	}

	/** Every key in Redis and its value, whatever its type, as text (ISO-8859-1, so no byte is lost). */
	private static String everythingIn(RedisServer redis) {
		RedisClient client = RedisClient.create(redis.uri());
		try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
			java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
			for (byte[] key : connection.sync().keys("*".getBytes())) {
				all.writeBytes(key);
				all.write('\n');
				String type = connection.sync().type(key);
				List<byte[]> values = switch (type) {
					case "string" -> List.of(connection.sync().get(key));
					case "hash" -> {
						List<byte[]> fields = new ArrayList<>();
						connection.sync().hgetall(key).forEach((field, value) -> {
							fields.add(field);
							fields.add(value);
						});
						yield fields;
					}
					case "set" -> new ArrayList<>(connection.sync().smembers(key));
					case "zset" -> connection.sync().zrange(key, 0, -1);
					case "list" -> connection.sync().lrange(key, 0, -1);
					default -> throw new AssertionError("a Redis value of type " + type + " this test cannot read");
				};
				values.forEach((value) -> {
					all.writeBytes(value);
					all.write('\n');
				});
			}
			return all.toString(StandardCharsets.ISO_8859_1);
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
		}
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


	/** A rotate page from A posted to B makes the successor, once, and a second post to A makes nothing more. */
	@Test
	void aRotationOfferedByOneInstanceIsCarriedOutByTheOther() throws Exception {
		this.cluster.redis();
		this.cluster.sandbox();
		int portA = ScaleOut.port(this.cluster.startInstanceContext());
		int portB = ScaleOut.port(this.cluster.startInstanceContext());
		WizardHttpClient onA = new WizardHttpClient("http://localhost:" + portA);
		onA.signIn("keeper", false);
		Exchange keys = onA.follow(onA.get("/keys"));
		Matcher folder = Pattern.compile("folderId=([a-z0-9]{20})").matcher(keys.body());
		assertThat(folder.find()).as("a folder link on My keys").isTrue();
		Exchange list = onA.follow(onA.get("/keys?folderId=" + folder.group(1)));
		Matcher key = Pattern.compile("data-key-id=\"([a-z0-9]{20})\"").matcher(list.body());
		assertThat(key.find()).isTrue();
		Exchange offer = onA.get("/keys/" + key.group(1) + "/rotate?folderId=" + folder.group(1));
		Matcher action = Pattern.compile("action=\"(/keys/rotations/[-0-9a-f]+)\"")
			.matcher(offer.body());
		assertThat(action.find()).isTrue();
		WizardHttpClient onB = onA.at("http://localhost:" + portB);
		Exchange made = onB.post(action.group(1), Map.of("_csrf", WizardHttpClient.csrf(offer.body())), Map.of());
		assertThat(made.status()).isEqualTo(200);
		String secret = WizardHttpClient.secret(made.body()).orElseThrow();
		Exchange again = onA.post(action.group(1), Map.of("_csrf", WizardHttpClient.csrf(offer.body())), Map.of());
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.body()).doesNotContain(secret).contains("data-testid=\"already-issued\"");
		assertThat(SandboxCounts.of(this.cluster.sandbox(), "keeper").keys()).isEqualTo(4);
	}

}
