package dev.aikeywizard.sandbox;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.aikeywizard.sandbox.SandboxWorld.AuthorizedKeyRec;
import dev.aikeywizard.sandbox.SandboxWorlds.IamRec;

/**
 * Verifies a service account's JWT the way IAM does before it issues an IAM token (reference §1 and §13): signed
 * with PS256, {@code kid} naming an authorized key of the service account in {@code iss}, the signature valid for
 * that key's public key, {@code aud} the IAM tokens URL, {@code exp} in the future and at most an hour after
 * {@code iat}, and {@code iat} not in the future. Parsing and the signature check are nimbus-jose-jwt's.
 * <p>
 * A token that cannot be parsed is INVALID_ARGUMENT; every other refusal is UNAUTHENTICATED with one message, which
 * says what was wrong but never repeats the token. Which of the two the real service answers for each case, and its
 * tolerance for clock skew, are not documented: {@link #CLOCK_SKEW} is a guess.
 */
final class SandboxJwtVerifier {

	/** The one audience IAM accepts. */
	static final String AUDIENCE = "https://iam.api.cloud.yandex.net/iam/v1/tokens";

	static final Duration MAX_LIFETIME = Duration.ofHours(1);

	/** How far in the future {@code iat} may be, for a signer whose clock runs a little ahead. */
	static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

	private final SandboxWorlds worlds;

	SandboxJwtVerifier(SandboxWorlds worlds) {
		this.worlds = worlds;
	}

	/** The IAM token to issue for a valid JWT; throws {@link SandboxRpcException} otherwise. */
	IamRec verify(String jwt) {
		SignedJWT signed = signed(jwt);
		JWSHeader header = signed.getHeader();
		if (!JWSAlgorithm.PS256.equals(header.getAlgorithm())) {
			throw refused("the JWT must be signed with PS256");
		}
		if (header.getKeyID() == null || header.getKeyID().isEmpty()) {
			throw refused("the JWT header has no kid");
		}
		JWTClaimsSet claims = claims(signed);
		String issuer = (claims.getIssuer() != null) ? claims.getIssuer() : "";
		for (SandboxWorld world : this.worlds.all()) {
			synchronized (world) {
				AuthorizedKeyRec key = world.authorizedKey(header.getKeyID()).orElse(null);
				if (key != null) {
					if (!key.serviceAccountId.equals(issuer) || world.serviceAccount(issuer).isEmpty()) {
						throw refused("the kid is not a key of the service account in iss");
					}
					checkSignature(signed, key);
					checkClaims(claims);
					return new IamRec(world.persona.name(), issuer, "serviceAccount",
							this.worlds.now().plus(SandboxWorlds.IAM_TOKEN_LIFETIME));
				}
			}
		}
		throw refused("no authorized key has the kid");
	}

	private static SignedJWT signed(String jwt) {
		JWT parsed;
		try {
			parsed = JWTParser.parse(jwt);
		}
		catch (ParseException ex) {
			throw SandboxRpcException.invalid("jwt: malformed token");
		}
		if (!(parsed instanceof SignedJWT signed)) {
			throw refused("the JWT must be signed with PS256");
		}
		return signed;
	}

	private static JWTClaimsSet claims(SignedJWT signed) {
		try {
			return signed.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw SandboxRpcException.invalid("jwt: malformed claims");
		}
	}

	private static void checkSignature(SignedJWT signed, AuthorizedKeyRec key) {
		try {
			if (!signed.verify(new RSASSAVerifier(key.publicKey))) {
				throw refused("the signature does not match the key");
			}
		}
		catch (JOSEException ex) {
			throw refused("the signature cannot be verified with the key");
		}
	}

	private void checkClaims(JWTClaimsSet claims) {
		List<String> audience = claims.getAudience();
		if (audience.size() != 1 || !AUDIENCE.equals(audience.get(0))) {
			throw refused("aud must be " + AUDIENCE);
		}
		Date issuedAt = claims.getIssueTime();
		Date expiresAt = claims.getExpirationTime();
		if (issuedAt == null || expiresAt == null) {
			throw refused("iat and exp are required");
		}
		Instant now = this.worlds.now();
		if (!expiresAt.toInstant().isAfter(now)) {
			throw refused("the JWT has expired");
		}
		if (issuedAt.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
			throw refused("iat is in the future");
		}
		if (Duration.between(issuedAt.toInstant(), expiresAt.toInstant()).compareTo(MAX_LIFETIME) > 0) {
			throw refused("exp must be at most an hour after iat");
		}
	}

	private static SandboxRpcException refused(String reason) {
		return SandboxRpcException.unauthenticated("The JWT is invalid or has expired: " + reason + ".");
	}

}
