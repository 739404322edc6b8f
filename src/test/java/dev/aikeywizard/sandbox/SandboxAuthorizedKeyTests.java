package dev.aikeywizard.sandbox;

import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** IAM authorized keys: a key pair per service account, the private key returned once, only the public key kept. */
class SandboxAuthorizedKeyTests extends SandboxTestSupport {

	static final String KEYS = "/sandbox/iam/iam/v1/keys";

	String iam;

	String saId;

	@BeforeEach
	void serviceAccount() throws Exception {
		this.iam = iamToken("ready");
		this.saId = createServiceAccount(this.iam, folderId(this.iam, "default"), "signer");
	}

	/** A key created through the API: its JSON answer ({@code key} and {@code privateKey}). */
	JsonNode createKey(String body) {
		Resp resp = post(KEYS, this.iam, body, "Idempotency-Key", UUID.randomUUID().toString());
		assertThat(resp.status()).as(resp.body()).isEqualTo(200);
		return resp.json();
	}

	static byte[] der(String pem) {
		return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
	}

	static RSAPrivateCrtKey privateKey(String pem) throws Exception {
		return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem)));
	}

	static RSAPublicKey publicKey(String pem) throws Exception {
		return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem)));
	}

	@Test
	void createReturnsAMatchingPrivateKeyOnceAndKeepsOnlyThePublicKey() throws Exception {
		JsonNode created = createKey("{\"serviceAccountId\":\"" + this.saId + "\",\"description\":\"portal\"}");
		JsonNode key = created.get("key");
		assertThat(key.get("id").asString()).matches("[a-z0-9]{20}");
		assertThat(key.get("serviceAccountId").asString()).isEqualTo(this.saId);
		assertThat(key.get("keyAlgorithm").asString()).isEqualTo("RSA_2048");
		assertThat(key.get("description").asString()).isEqualTo("portal");
		String privatePem = created.get("privateKey").asString();
		assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
		RSAPublicKey publicKey = publicKey(key.get("publicKey").asString());
		assertThat(privateKey(privatePem).getModulus()).isEqualTo(publicKey.getModulus());
		assertThat(publicKey.getModulus().bitLength()).isEqualTo(2048);

		Resp listed = get(KEYS + "?serviceAccountId=" + this.saId, this.iam);
		assertThat(listed.status()).as(listed.body()).isEqualTo(200);
		assertThat(listed.json().get("keys").get(0).get("id").asString()).isEqualTo(key.get("id").asString());
		Resp one = get(KEYS + "/" + key.get("id").asString(), this.iam);
		assertThat(one.json().get("publicKey").asString()).isEqualTo(key.get("publicKey").asString());
		assertThat(listed.body() + one.body()).doesNotContain("PRIVATE KEY");
	}

	@Test
	void aBadAlgorithmOrFormatIsInvalidArgumentAndAViewerIsDenied() throws Exception {
		assertStatus(post(KEYS, this.iam, "{\"serviceAccountId\":\"" + this.saId + "\",\"keyAlgorithm\":\"EC_P256\"}"),
				400, 3, "keyAlgorithm");
		assertStatus(post(KEYS, this.iam, "{\"serviceAccountId\":\"" + this.saId + "\",\"format\":\"JSON\"}"), 400,
				3, "format");
		String viewer = iamToken("viewer");
		String othersSa = listAll(SandboxIamTests.SA + "?folderId=" + folderId(viewer, "default"), "serviceAccounts",
				viewer)
			.get(0)
			.get("id")
			.asString();
		assertStatus(post(KEYS, viewer, "{\"serviceAccountId\":\"" + othersSa + "\"}"), 403, 7, "iam.keys.create");
	}

	@Test
	void deleteRemovesTheKeyAndSoDoesDeletingTheServiceAccount() throws Exception {
		String first = createKey("{\"serviceAccountId\":\"" + this.saId + "\"}").get("key").get("id").asString();
		String second = createKey("{\"serviceAccountId\":\"" + this.saId + "\"}").get("key").get("id").asString();
		Resp deleted = retrying("DELETE", KEYS + "/" + first, this.iam, null, UUID.randomUUID().toString());
		assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
		awaitOperation(this.iam, deleted.json());
		assertStatus(get(KEYS + "/" + first, this.iam), 404, 5, first);

		Resp saDeleted = retrying("DELETE", SandboxIamTests.SA + "/" + this.saId, this.iam, null,
				UUID.randomUUID().toString());
		awaitOperation(this.iam, saDeleted.json());
		assertStatus(get(KEYS + "/" + second, this.iam), 404, 5, second);
	}

}
