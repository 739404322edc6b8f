package dev.aikeywizard.portal;

import java.time.Instant;
import java.util.Objects;

/**
 * The authorized key of the app's own service account, as {@code yc iam key create --output key.json} writes it.
 * {@code privateKey} is the PKCS#8 PEM (possibly after yc's "PLEASE DO NOT REMOVE THIS LINE!" line): a credential,
 * never printed by {@link #toString()}, never logged or put into a message.
 *
 * @param id the key's id, the JWT's {@code kid}
 * @param serviceAccountId the service account the key belongs to, the JWT's {@code iss}
 * @param createdAt when the key was created, if the file says
 * @param keyAlgorithm {@code RSA_2048} or {@code RSA_4096}, if the file says
 * @param publicKey the X.509 PEM of the public key, if the file has it
 * @param privateKey the PKCS#8 PEM of the private key
 */
record OperatorKey(String id, String serviceAccountId, Instant createdAt, String keyAlgorithm, String publicKey,
		String privateKey) {

	OperatorKey {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(serviceAccountId, "serviceAccountId");
		Objects.requireNonNull(privateKey, "privateKey");
	}

	@Override
	public String toString() {
		return "OperatorKey[id=" + this.id + ", serviceAccountId=" + this.serviceAccountId + ", createdAt="
				+ this.createdAt + ", keyAlgorithm=" + this.keyAlgorithm + ", privateKey=<redacted>]";
	}

}
