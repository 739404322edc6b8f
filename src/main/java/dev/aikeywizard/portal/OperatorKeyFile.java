package dev.aikeywizard.portal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the authorized key file of the app's service account, as {@code yc iam key create --output key.json} (or
 * the console's "Download file with keys") writes it:
 * <pre>
 * {"id": "...", "service_account_id": "...", "created_at": "2019-03-20T10:04:56Z", "key_algorithm": "RSA_2048",
 *  "public_key": "-----BEGIN PUBLIC KEY-----\n...", "private_key": "PLEASE DO NOT REMOVE THIS LINE! Yandex.Cloud SA
 *  Key ID &lt;...&gt;\n-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n"}
 * </pre>
 * {@code id}, {@code service_account_id} and {@code private_key} are required; the others are checked when present
 * (the algorithm is RSA, the public key is the private key's). Every failure is an {@link OperatorKeyFileException}
 * that names the file and the problem, never any of the key: Jackson's and the JDK's own messages are not passed on,
 * as they may quote the file's text.
 */
final class OperatorKeyFile {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private OperatorKeyFile() {
	}

	/**
	 * The key in {@code file}, its private key checked to be a usable RSA key.
	 * @throws OperatorKeyFileException when the file is missing, unreadable, not JSON or not such a key
	 */
	static OperatorKey read(Path file) {
		if (file == null) {
			throw new OperatorKeyFileException(null, "app.portal.service-account-key-file is not set; "
					+ "portal mode needs the authorized key of the app's service account (yc iam key create --output key.json)");
		}
		OperatorKey key = parse(file, content(file));
		check(file, key);
		return key;
	}

	private static String content(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			throw new OperatorKeyFileException(file, "the file does not exist", ex);
		}
		catch (IOException ex) {
			throw new OperatorKeyFileException(file, "the file cannot be read (" + ex.getClass().getSimpleName() + ")",
					ex);
		}
	}

	private static OperatorKey parse(Path file, String content) {
		JsonNode json;
		try {
			json = JSON.readTree(content);
		}
		catch (JacksonException ex) {
			TokenStreamLocation at = ex.getLocation();
			throw new OperatorKeyFileException(file, "it is not JSON"
					+ ((at != null) ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : "")
					+ "; expected the key file yc iam key create --output writes");
		}
		if (json == null || !json.isObject()) {
			throw new OperatorKeyFileException(file, "it is not a JSON object; expected the key file yc iam key create "
					+ "--output writes");
		}
		return new OperatorKey(required(file, json, "id"), required(file, json, "service_account_id"),
				instant(file, optional(file, json, "created_at")), optional(file, json, "key_algorithm"),
				optional(file, json, "public_key"), required(file, json, "private_key"));
	}

	private static String required(Path file, JsonNode json, String field) {
		String value = optional(file, json, field);
		if (value == null || value.isBlank()) {
			throw new OperatorKeyFileException(file, "the field \"" + field + "\" is missing or empty");
		}
		return value;
	}

	private static String optional(Path file, JsonNode json, String field) {
		JsonNode value = json.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new OperatorKeyFileException(file, "the field \"" + field + "\" is not a string");
		}
		return value.stringValue();
	}

	private static Instant instant(Path file, String value) {
		try {
			return (value != null) ? Instant.parse(value) : null;
		}
		catch (DateTimeParseException ex) {
			throw new OperatorKeyFileException(file, "the field \"created_at\" is not an RFC 3339 timestamp");
		}
	}

	private static void check(Path file, OperatorKey key) {
		if (key.keyAlgorithm() != null && !key.keyAlgorithm().startsWith("RSA_")) {
			throw new OperatorKeyFileException(file, "the field \"key_algorithm\" is " + key.keyAlgorithm()
					+ "; IAM signs service-account JWTs with RSA keys only (RSA_2048, RSA_4096)");
		}
		RSAPrivateKey privateKey;
		try {
			privateKey = Pem.rsaPrivateKey(key.privateKey());
		}
		catch (IllegalArgumentException ex) {
			throw new OperatorKeyFileException(file, "the field \"private_key\" is not usable: " + ex.getMessage());
		}
		if (privateKey.getModulus().bitLength() < 2048) {
			throw new OperatorKeyFileException(file, "the private key has " + privateKey.getModulus().bitLength()
					+ " bits; PS256 needs at least 2048");
		}
		if (key.publicKey() != null) {
			try {
				if (!Pem.matches(privateKey, Pem.rsaPublicKey(key.publicKey()))) {
					throw new OperatorKeyFileException(file,
							"the field \"public_key\" is not the public half of \"private_key\"");
				}
			}
			catch (IllegalArgumentException ex) {
				throw new OperatorKeyFileException(file, "the field \"public_key\" is not usable: " + ex.getMessage());
			}
		}
	}

}
