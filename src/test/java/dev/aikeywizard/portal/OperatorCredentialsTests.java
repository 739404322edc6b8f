package dev.aikeywizard.portal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jwt.SignedJWT;
import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.FakeCloudServer;
import dev.aikeywizard.cloud.FakeCloudServer.Recorded;
import dev.aikeywizard.cloud.FakeCloudServer.Reply;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.support.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator's IAM token against a fake IAM: the exchange sends a JWT whose signature verifies, the token is kept
 * while it has more than ten minutes left, renewed after that, and concurrent callers share one exchange.
 */
class OperatorCredentialsTests {

	static final Instant START = Instant.parse("2030-01-01T10:00:00Z");

	@TempDir
	Path dir;

	FakeCloudServer iam;

	MutableClock clock;

	OperatorJwt jwt;

	OperatorCredentials credentials;

	int issued;

	@BeforeEach
	void start() throws Exception {
		this.iam = new FakeCloudServer();
		this.clock = new MutableClock(START);
		OperatorKey key = OperatorKeyFile.read(OperatorKeyFiles.write(this.dir));
		this.jwt = new OperatorJwt(key, this.clock);
		this.credentials = new OperatorCredentials(this.jwt,
				FakeCloudServer.iamTokenApi(this.iam.base()), this.clock);
	}

	@AfterEach
	void stop() {
		this.iam.close();
	}

	/** A token that lives 12 hours from the clock's now, numbered so that renewals can be told apart. */
	private synchronized Reply token() {
		this.issued++;
		return Reply.ok("{\"iamToken\":\"t1.operator-token-" + this.issued + "\",\"expiresAt\":\""
				+ this.clock.instant().plus(Duration.ofHours(12)) + "\"}");
	}

	@Test
	void exchangesASignedJwtAtIamAndKeepsTheToken() throws Exception {
		this.iam.respond((request) -> token());

		IamToken first = this.credentials.iamToken().block();
		this.clock.pass(Duration.ofHours(11).plusMinutes(49));
		IamToken second = this.credentials.iamToken().block();

		assertThat(first.value()).isEqualTo("t1.operator-token-1");
		assertThat(first.expiresAt()).isEqualTo(START.plus(Duration.ofHours(12)));
		assertThat(second).isEqualTo(first);
		assertThat(this.iam.requests()).hasSize(1);
		Recorded request = this.iam.requests().get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/iam/v1/tokens");
		assertThat(request.header("Authorization")).isNull();
		assertThat(request.header("Content-Type")).contains("application/json");
		SignedJWT jwt = jwtOf(request);
		OperatorJwtTests.assertVerifies(jwt);
		assertThat(jwt.getHeader().getKeyID()).isEqualTo(OperatorKeyFiles.KEY_ID);
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(OperatorKeyFiles.SERVICE_ACCOUNT_ID);
		assertThat(jwt.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(START);
	}

	@Test
	void renewsWithAFreshJwtTenMinutesBeforeExpiry() throws Exception {
		this.iam.respond((request) -> token());
		IamToken first = this.credentials.iamToken().block();

		this.clock.pass(Duration.ofHours(11).plusMinutes(50));
		IamToken renewed = this.credentials.iamToken().block();
		IamToken kept = this.credentials.iamToken().block();

		assertThat(renewed.value()).isEqualTo("t1.operator-token-2");
		assertThat(renewed.expiresAt()).isAfter(first.expiresAt());
		assertThat(kept).isEqualTo(renewed);
		assertThat(this.iam.requests()).hasSize(2);
		SignedJWT second = jwtOf(this.iam.requests().get(1));
		OperatorJwtTests.assertVerifies(second);
		assertThat(second.getJWTClaimsSet().getIssueTime().toInstant())
			.isEqualTo(START.plus(Duration.ofHours(11).plusMinutes(50)));
	}

	@Test
	void concurrentCallersShareOneExchange() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.iam.respond((request) -> {
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return token();
		});
		int callers = 16;
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		try {
			CountDownLatch ready = new CountDownLatch(callers);
			List<Future<IamToken>> answers = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				answers.add(pool.submit(() -> {
					ready.countDown();
					ready.await();
					return this.credentials.iamToken().block(Duration.ofSeconds(15));
				}));
			}
			ready.await(10, TimeUnit.SECONDS);
			Thread.sleep(200); // let every caller reach the exchange under way
			release.countDown();
			for (Future<IamToken> answer : answers) {
				assertThat(answer.get(15, TimeUnit.SECONDS).value()).isEqualTo("t1.operator-token-1");
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.iam.requests()).hasSize(1);
	}

	/**
	 * Repeated, as it once failed only now and then: the caller woken by the failed answer asked again before the
	 * failed exchange was forgotten, and got its failure once more.
	 */
	@Test
	void aFailedExchangeIsNotKeptAndTheNextCallTriesAgain() {
		this.iam.respond((request) -> token());
		for (int round = 1; round <= 30; round++) {
			OperatorCredentials fresh = new OperatorCredentials(this.jwt, FakeCloudServer.iamTokenApi(this.iam.base()),
					this.clock);
			this.iam.enqueue(Reply.status(401, "16", "The token is invalid"));

			assertThatThrownBy(() -> fresh.iamToken().block())
				.isInstanceOf(CloudException.UnauthenticatedException.class);
			IamToken token = fresh.iamToken().block();

			assertThat(token.value()).as("round " + round).startsWith("t1.operator-token-");
			assertThat(this.iam.requests()).hasSize(2 * round);
		}
	}

	@Test
	void toStringHoldsNoToken() {
		this.iam.respond((request) -> token());
		this.credentials.iamToken().block();

		assertThat(this.credentials.toString()).contains(OperatorKeyFiles.KEY_ID).doesNotContain("t1.");
	}

	private static SignedJWT jwtOf(Recorded request) throws Exception {
		@SuppressWarnings("unchecked")
		Map<String, Object> body = JsonMapper.builder().build().readValue(request.body(), Map.class);
		assertThat(body).containsOnlyKeys("jwt");
		return SignedJWT.parse((String) body.get("jwt"));
	}

}
