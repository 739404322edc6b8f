package dev.aikeywizard.portal;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.aikeywizard.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service account's JWT, parsed and verified with nimbus against the public key of the key file: PS256, the
 * header and claims IAM asks for, an hour's life from the clock's now.
 */
class OperatorJwtTests {

	static final Instant NOW = Instant.parse("2030-01-01T10:00:00.750Z");

	@TempDir
	Path dir;

	@Test
	void signsAPs256JwtThatThePublicKeyOfTheKeyFileVerifies() throws Exception {
		OperatorKey key = OperatorKeyFile.read(OperatorKeyFiles.write(this.dir));
		OperatorJwt jwt = new OperatorJwt(key, new MutableClock(NOW));

		SignedJWT signed = SignedJWT.parse(jwt.sign());

		assertThat(signed.verify(new RSASSAVerifier(Pem.rsaPublicKey(key.publicKey())))).isTrue();
		assertVerifies(signed);
		assertThat(signed.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.PS256);
		assertThat(signed.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
		assertThat(signed.getHeader().getKeyID()).isEqualTo(OperatorKeyFiles.KEY_ID);
		assertThat(signed.getHeader().toJSONObject()).containsOnlyKeys("typ", "alg", "kid");
		JWTClaimsSet claims = signed.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo(OperatorKeyFiles.SERVICE_ACCOUNT_ID);
		assertThat(claims.getAudience()).containsExactly("https://iam.api.cloud.yandex.net/iam/v1/tokens");
		assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.parse("2030-01-01T10:00:00Z"));
		assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
			.isPositive()
			.isLessThanOrEqualTo(Duration.ofHours(1));
		// the wire form: aud a single string, iat and exp whole seconds with exp - iat <= 3600
		String payload = signed.getPayload().toString();
		assertThat(payload).contains("\"aud\":\"https://iam.api.cloud.yandex.net/iam/v1/tokens\"");
		long iat = ((Number) signed.getPayload().toJSONObject().get("iat")).longValue();
		long exp = ((Number) signed.getPayload().toJSONObject().get("exp")).longValue();
		assertThat(iat).isEqualTo(NOW.getEpochSecond());
		assertThat(exp - iat).isBetween(1L, 3600L);
	}

	@Test
	void eachJwtIsIssuedAtTheClocksNow() throws Exception {
		MutableClock clock = new MutableClock(NOW);
		OperatorJwt jwt = new OperatorJwt(OperatorKeyFile.read(OperatorKeyFiles.write(this.dir)), clock);
		SignedJWT first = SignedJWT.parse(jwt.sign());

		clock.pass(Duration.ofMinutes(55));
		SignedJWT second = SignedJWT.parse(jwt.sign());

		assertThat(Duration.between(first.getJWTClaimsSet().getIssueTime().toInstant(),
				second.getJWTClaimsSet().getIssueTime().toInstant()))
			.isEqualTo(Duration.ofMinutes(55));
		assertVerifies(second);
	}

	@Test
	void aJwtSignedByAnotherKeyDoesNotVerify() throws Exception {
		var fields = OperatorKeyFiles.fields();
		var other = OperatorKeyFiles.generate();
		fields.put("public_key", OperatorKeyFiles.pem("PUBLIC KEY", other.getPublic().getEncoded()));
		fields.put("private_key", OperatorKeyFiles.pem("PRIVATE KEY", other.getPrivate().getEncoded()));
		OperatorJwt jwt = new OperatorJwt(OperatorKeyFile.read(OperatorKeyFiles.write(this.dir, fields)),
				new MutableClock(NOW));

		assertThat(SignedJWT.parse(jwt.sign()).verify(new RSASSAVerifier(OperatorKeyFiles.publicKey()))).isFalse();
	}

	@Test
	void toStringNamesTheKeyOnly() {
		OperatorJwt jwt = new OperatorJwt(OperatorKeyFile.read(OperatorKeyFiles.write(this.dir)),
				new MutableClock(NOW));

		assertThat(jwt.toString()).contains(OperatorKeyFiles.KEY_ID).doesNotContain("PRIVATE");
		assertThat(List.of(jwt.toString())).noneMatch((text) -> OperatorKeyFiles.privateKeyBase64()
			.stream()
			.anyMatch(text::contains));
	}

	/** Verified with the test's own copy of the public key, not the one read from the file. */
	static void assertVerifies(SignedJWT jwt) throws Exception {
		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.PS256);
		assertThat(jwt.verify(new RSASSAVerifier(OperatorKeyFiles.publicKey()))).isTrue();
	}

}
