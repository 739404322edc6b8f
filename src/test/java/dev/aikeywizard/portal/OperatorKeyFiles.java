package dev.aikeywizard.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Authorized key files for tests, in the shape {@code yc iam key create --output key.json} writes: a fresh RSA 2048
 * key pair from the JDK, PEM-encoded, the private key after yc's "PLEASE DO NOT REMOVE THIS LINE!" line.
 */
final class OperatorKeyFiles {

	static final String KEY_ID = "ajekeyid0123456789ab";

	static final String SERVICE_ACCOUNT_ID = "ajesaid0123456789abc";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One pair for the whole test run: generating RSA keys is slow on a shared machine. */
	private static final KeyPair PAIR = generate();

	private OperatorKeyFiles() {
	}

	static KeyPair pair() {
		return PAIR;
	}

	static RSAPublicKey publicKey() {
		return (RSAPublicKey) PAIR.getPublic();
	}

	static KeyPair generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String pem(String label, byte[] der) {
		return "-----BEGIN " + label + "-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + label + "-----\n";
	}

	/** The private key's PEM as yc writes it, with its first line. */
	static String privateKeyPem() {
		return "PLEASE DO NOT REMOVE THIS LINE! Yandex.Cloud SA Key ID <" + KEY_ID + ">\n"
				+ pem("PRIVATE KEY", PAIR.getPrivate().getEncoded());
	}

	/** The base64 lines of the private key: none of them may ever appear in a message. */
	static List<String> privateKeyBase64() {
		String base64 = Base64.getEncoder().encodeToString(PAIR.getPrivate().getEncoded());
		List<String> chunks = new ArrayList<>();
		for (int i = 0; i + 16 <= base64.length(); i += 16) {
			chunks.add(base64.substring(i, i + 16));
		}
		return chunks;
	}

	/** The fields of a valid key file, in yc's order; change them to make a broken one. */
	static Map<String, Object> fields() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("id", KEY_ID);
		fields.put("service_account_id", SERVICE_ACCOUNT_ID);
		fields.put("created_at", "2025-05-28T16:17:17.721526532Z");
		fields.put("key_algorithm", "RSA_2048");
		fields.put("public_key", pem("PUBLIC KEY", PAIR.getPublic().getEncoded()));
		fields.put("private_key", privateKeyPem());
		return fields;
	}

	static Path write(Path dir, Map<String, Object> fields) {
		return writeText(dir, JSON.writeValueAsString(fields));
	}

	static Path write(Path dir) {
		return write(dir, fields());
	}

	static Path writeText(Path dir, String text) {
		try {
			Path file = Files.createTempFile(dir, "key", ".json");
			Files.writeString(file, text, StandardCharsets.UTF_8);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
