package dev.aikeywizard.sandbox;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.aikeywizard.sandbox.SandboxWorld.AuthorizedKeyRec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service account signs in as itself: a PS256 JWT signed with the private half of one of its authorized keys is
 * exchanged for an IAM token ({@code POST /iam/v1/tokens {"jwt": ...}}); anything else is UNAUTHENTICATED.
 */
class SandboxJwtExchangeTests extends SandboxTestSupport {

	static final String TOKENS = "/sandbox/iam/iam/v1/tokens";

	static final String AUDIENCE = "https://iam.api.cloud.yandex.net/iam/v1/tokens";

	static final KeyPair PAIR = generate();

	static final KeyPair STRANGER = generate();

	String iam;

	String folder;

	String saId;

	/** The id of the authorized key of {@link #saId} holding {@link #PAIR}'s public key. */
	String kid;

	@BeforeEach
	void serviceAccountWithARegisteredKey() throws Exception {
		this.iam = iamToken("ready");
		this.folder = folderId(this.iam, "default");
		this.saId = createServiceAccount(this.iam, this.folder, "jwt-signer");
		this.kid = register(this.saId, (RSAPublicKey) PAIR.getPublic());
	}

	static KeyPair generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Registers a public key as an authorized key of a service account of the persona ready; returns its id. */
	String register(String serviceAccountId, RSAPublicKey publicKey) {
		SandboxWorld world = this.worlds.world("ready").orElseThrow();
		synchronized (world) {
			AuthorizedKeyRec key = new AuthorizedKeyRec();
			key.id = this.worlds.newId("aje");
			key.serviceAccountId = serviceAccountId;
			key.createdAt = Instant.now();
			key.description = "";
			key.keyAlgorithm = "RSA_2048";
			key.publicKey = publicKey;
			world.authorizedKeys.add(key);
			return key.id;
		}
	}

	static JWTClaimsSet claims(String issuer, String audience, Instant issuedAt, Instant expiresAt) {
		return new JWTClaimsSet.Builder().issuer(issuer)
			.audience(audience)
			.issueTime(Date.from(issuedAt))
			.expirationTime(Date.from(expiresAt))
			.build();
	}

	JWTClaimsSet validClaims() {
		Instant now = Instant.now();
		return claims(this.saId, AUDIENCE, now, now.plus(Duration.ofHours(1)));
	}

	static String sign(JWSAlgorithm algorithm, String kid, PrivateKey key, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(kid).build(),
				claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	String ps256(JWTClaimsSet claims) throws Exception {
		return sign(JWSAlgorithm.PS256, this.kid, PAIR.getPrivate(), claims);
	}

	Resp exchange(String jwt) {
		return send("POST", TOKENS, null, "{\"jwt\":\"" + jwt + "\"}");
	}

	void assertRefused(String jwt, String reason) {
		Resp refused = exchange(jwt);
		assertStatus(refused, 401, 16, "The JWT is invalid or has expired: ");
		assertThat(refused.json().get("message").asString()).contains(reason);
		assertThat(refused.body()).doesNotContain(jwt);
	}

	@Test
	void aJwtSignedWithARegisteredKeyGivesAnIamTokenOfTheServiceAccount() throws Exception {
		Resp exchanged = exchange(ps256(validClaims()));
		assertThat(exchanged.status()).as(exchanged.body()).isEqualTo(200);
		String saToken = exchanged.json().get("iamToken").asString();
		assertThat(saToken).startsWith("t1.");
		// A service account may create an API key for itself: proof that the token is the service account's.
		assertThat(createApiKey(saToken, "{}").get("apiKey").get("serviceAccountId").asString()).isEqualTo(this.saId);
	}

	@Test
	void theKeyServicesPrivateKeySignsAJwtThatIsExchanged() throws Exception {
		Resp created = post(SandboxAuthorizedKeyTests.KEYS, this.iam, "{\"serviceAccountId\":\"" + this.saId + "\"}",
				"Idempotency-Key", UUID.randomUUID().toString());
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		PrivateKey privateKey = SandboxAuthorizedKeyTests.privateKey(created.json().get("privateKey").asString());
		String jwt = sign(JWSAlgorithm.PS256, created.json().get("key").get("id").asString(), privateKey,
				validClaims());
		Resp exchanged = exchange(jwt);
		assertThat(exchanged.status()).as(exchanged.body()).isEqualTo(200);
	}

	@Test
	void anUnsignedJwtIsRefused() {
		PlainHeader header = new PlainHeader.Builder().type(JOSEObjectType.JWT).customParam("kid", this.kid).build();
		assertRefused(new PlainJWT(header, validClaims()).serialize(), "the JWT must be signed with PS256");
	}

	@Test
	void aJwtWithAForgedSignatureIsRefused() throws Exception {
		String jwt = ps256(validClaims());
		assertRefused(jwt.substring(0, jwt.lastIndexOf('.') + 1) + "c2lnbmF0dXJl", "the signature");
	}

	@Test
	void aJwtSignedWithAnotherKeyIsRefused() throws Exception {
		assertRefused(sign(JWSAlgorithm.PS256, this.kid, STRANGER.getPrivate(), validClaims()), "the signature");
	}

	@Test
	void anHs256JwtIsRefused() throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(this.kid).build(),
				validClaims());
		jwt.sign(new MACSigner(PAIR.getPublic().getEncoded()));
		assertRefused(jwt.serialize(), "PS256");
	}

	@Test
	void anRs256JwtIsRefusedEvenWithTheRightKey() throws Exception {
		assertRefused(sign(JWSAlgorithm.RS256, this.kid, PAIR.getPrivate(), validClaims()), "PS256");
	}

	@Test
	void anUnknownOrMissingKidIsRefused() throws Exception {
		assertRefused(sign(JWSAlgorithm.PS256, "ajeunknownkey0000000", PAIR.getPrivate(), validClaims()),
				"no authorized key has the kid");
		assertRefused(sign(JWSAlgorithm.PS256, null, PAIR.getPrivate(), validClaims()), "no kid");
	}

	@Test
	void anotherServiceAccountsKeyIsRefused() throws Exception {
		String otherSa = createServiceAccount(this.iam, this.folder, "jwt-other");
		String otherKid = register(otherSa, (RSAPublicKey) STRANGER.getPublic());
		// Signed correctly with the other account's key, but claiming to be this account.
		assertRefused(sign(JWSAlgorithm.PS256, otherKid, STRANGER.getPrivate(), validClaims()), "not a key of");
	}

	@Test
	void anExpiredJwtIsRefused() throws Exception {
		Instant now = Instant.now();
		assertRefused(ps256(claims(this.saId, AUDIENCE, now.minus(Duration.ofMinutes(90)),
				now.minus(Duration.ofMinutes(30)))), "the JWT has expired");
	}

	@Test
	void aJwtLivingLongerThanAnHourIsRefused() throws Exception {
		Instant now = Instant.now();
		assertRefused(ps256(claims(this.saId, AUDIENCE, now, now.plus(Duration.ofMinutes(61)))), "at most an hour");
	}

	@Test
	void aJwtIssuedInTheFutureIsRefused() throws Exception {
		Instant later = Instant.now().plus(Duration.ofHours(2));
		assertRefused(ps256(claims(this.saId, AUDIENCE, later, later.plus(Duration.ofMinutes(30)))), "iat");
	}

	@Test
	void aJwtForAnotherAudienceIsRefused() throws Exception {
		Instant now = Instant.now();
		assertRefused(ps256(claims(this.saId, "https://example.com", now, now.plus(Duration.ofMinutes(30)))),
				"aud");
	}

	@Test
	void aMalformedJwtIsInvalidArgument() {
		assertStatus(exchange("not-a-jwt"), 400, 3, "jwt");
	}

}
