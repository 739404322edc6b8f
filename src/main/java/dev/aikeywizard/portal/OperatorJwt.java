package dev.aikeywizard.portal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The JWT the app's service account signs to get an IAM token: header {@code typ} JWT, {@code alg} PS256,
 * {@code kid} the authorized key's id; claims {@code iss} the service account, {@code aud} IAM's token URL,
 * {@code iat} now and {@code exp} an hour later, the longest IAM accepts. Signing is nimbus-jose-jwt's. The JWT is a
 * credential while it lives: it goes only into the exchange's request body.
 */
final class OperatorJwt {

	/** The one audience IAM accepts, whatever endpoint the exchange is sent to. */
	static final String AUDIENCE = "https://iam.api.cloud.yandex.net/iam/v1/tokens";

	/** IAM refuses a JWT with {@code exp - iat} over an hour. */
	static final Duration LIFETIME = Duration.ofHours(1);

	private final String keyId;

	private final String serviceAccountId;

	private final RSASSASigner signer;

	private final Clock clock;

	OperatorJwt(OperatorKey key, Clock clock) {
		this.keyId = key.id();
		this.serviceAccountId = key.serviceAccountId();
		this.signer = new RSASSASigner(Pem.rsaPrivateKey(key.privateKey()));
		this.clock = clock;
	}

	/** A freshly signed JWT, compact form. */
	String sign() {
		// whole seconds, as the claims are: exp - iat is then exactly the lifetime, never a second more
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.PS256).type(JOSEObjectType.JWT)
			.keyID(this.keyId)
			.build();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.serviceAccountId)
			.audience(AUDIENCE)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(LIFETIME)))
			.build();
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("could not sign the service account's JWT with key " + this.keyId, ex);
		}
		return jwt.serialize();
	}

	@Override
	public String toString() {
		return "OperatorJwt[kid=" + this.keyId + ", iss=" + this.serviceAccountId + "]";
	}

}
