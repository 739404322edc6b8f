package dev.aikeywizard.portal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Reading the operator's key file: yc's own shape is accepted, and every broken file stops with a message that
 * names the file and the problem and holds none of the private key (message, toString, causes and stack trace).
 */
class OperatorKeyFileTests {

	@TempDir
	Path dir;

	@Test
	void readsTheFileYcWrites() {
		OperatorKey key = OperatorKeyFile.read(OperatorKeyFiles.write(this.dir));

		assertThat(key.id()).isEqualTo(OperatorKeyFiles.KEY_ID);
		assertThat(key.serviceAccountId()).isEqualTo(OperatorKeyFiles.SERVICE_ACCOUNT_ID);
		assertThat(key.createdAt()).isEqualTo(Instant.parse("2025-05-28T16:17:17.721526532Z"));
		assertThat(key.keyAlgorithm()).isEqualTo("RSA_2048");
		assertThat(Pem.rsaPrivateKey(key.privateKey())).isEqualTo(OperatorKeyFiles.pair().getPrivate());
	}

	@Test
	void readsAPrivateKeyWithoutYcsFirstLineAndJsonEscapedAngleBrackets() {
		Map<String, Object> fields = OperatorKeyFiles.fields();
		fields.put("private_key", OperatorKeyFiles.pem("PRIVATE KEY", OperatorKeyFiles.pair().getPrivate().getEncoded()));
		assertThat(OperatorKeyFile.read(OperatorKeyFiles.write(this.dir, fields)).id())
			.isEqualTo(OperatorKeyFiles.KEY_ID);

		// yc (Go's encoding/json) writes < and > as \u003c and \u003e
		String escaped = "{\"id\":\"" + OperatorKeyFiles.KEY_ID + "\",\"service_account_id\":\""
				+ OperatorKeyFiles.SERVICE_ACCOUNT_ID + "\",\"private_key\":\""
				+ OperatorKeyFiles.privateKeyPem().replace("<", "\\u003c").replace(">", "\\u003e").replace("\n", "\\n")
				+ "\"}";
		assertThat(OperatorKeyFile.read(OperatorKeyFiles.writeText(this.dir, escaped)).serviceAccountId())
			.isEqualTo(OperatorKeyFiles.SERVICE_ACCOUNT_ID);
	}

	@Test
	void toStringRedactsThePrivateKey() {
		OperatorKey key = OperatorKeyFile.read(OperatorKeyFiles.write(this.dir));

		assertThat(key.toString()).contains(OperatorKeyFiles.KEY_ID, "<redacted>")
			.doesNotContain("PRIVATE KEY", "PLEASE DO NOT REMOVE");
		assertThat(key.toString()).doesNotContain("\n"); // nothing multi-line, so no PEM
		OperatorKeyFiles.privateKeyBase64().forEach((chunk) -> assertThat(key.toString()).doesNotContain(chunk));
	}

	static Stream<Arguments> brokenFiles() {
		return Stream.of(
				broken("not JSON: the private key PEM itself", (dir) -> OperatorKeyFiles.writeText(dir,
						OperatorKeyFiles.privateKeyPem()), "is not JSON"),
				broken("not JSON: cut off after the private key", (dir) -> {
					String json = tools.jackson.databind.json.JsonMapper.builder().build()
						.writeValueAsString(OperatorKeyFiles.fields());
					return OperatorKeyFiles.writeText(dir, json.substring(0, json.length() - 2));
				}, "is not JSON"),
				broken("not JSON: the private key unquoted", (dir) -> OperatorKeyFiles.writeText(dir,
						"{\"id\": \"" + OperatorKeyFiles.KEY_ID + "\", \"private_key\": "
								+ String.join("", OperatorKeyFiles.privateKeyBase64()) + "}"), "is not JSON"),
				broken("not JSON: only the private key's base64", (dir) -> OperatorKeyFiles.writeText(dir,
						String.join("", OperatorKeyFiles.privateKeyBase64())), "is not JSON"),
				broken("not an object", (dir) -> OperatorKeyFiles.writeText(dir, "[\"" + OperatorKeyFiles.privateKeyPem()
					.replace("\n", "\\n") + "\"]"), "is not a JSON object"),
				broken("missing id", fields((f) -> f.remove("id")), "\"id\" is missing"),
				broken("missing service_account_id", fields((f) -> f.remove("service_account_id")),
						"\"service_account_id\" is missing"),
				broken("missing private_key", fields((f) -> f.remove("private_key")), "\"private_key\" is missing"),
				broken("private_key is a number", fields((f) -> f.put("private_key", 42)),
						"\"private_key\" is not a string"),
				broken("bad PEM: no BEGIN line", fields((f) -> f.put("private_key",
						OperatorKeyFiles.privateKeyPem().replace("-----BEGIN PRIVATE KEY-----", ""))),
						"no -----BEGIN PRIVATE KEY----- line"),
				broken("bad PEM: no END line", fields((f) -> f.put("private_key",
						OperatorKeyFiles.privateKeyPem().replace("-----END PRIVATE KEY-----", ""))),
						"no -----END PRIVATE KEY----- line"),
				broken("bad PEM: not base64", fields((f) -> f.put("private_key",
						OperatorKeyFiles.privateKeyPem().replace("KEY-----\n", "KEY-----\n!!!"))), "not base64"),
				broken("bad PEM: truncated key", fields((f) -> {
					String pem = OperatorKeyFiles.privateKeyPem();
					int end = pem.indexOf("-----END");
					f.put("private_key", pem.substring(0, end - 200) + "\n" + pem.substring(end));
				}), "not a PKCS#8 RSA private key"),
				broken("bad PEM: PKCS#1", fields((f) -> f.put("private_key", OperatorKeyFiles.privateKeyPem()
					.replace("PRIVATE KEY-----", "RSA PRIVATE KEY-----"))), "PKCS#1"),
				broken("public key of another pair", fields((f) -> f.put("public_key",
						OperatorKeyFiles.pem("PUBLIC KEY", OperatorKeyFiles.generate().getPublic().getEncoded()))),
						"\"public_key\" is not the public half"),
				broken("not an RSA key", fields((f) -> f.put("key_algorithm", "ECDSA_P256")), "RSA keys only"),
				broken("bad created_at", fields((f) -> f.put("created_at", "yesterday")), "\"created_at\""));
	}

	private static Arguments broken(String name, java.util.function.Function<Path, Path> file, String problem) {
		return Arguments.of(org.junit.jupiter.api.Named.of(name, file), problem);
	}

	private static java.util.function.Function<Path, Path> fields(Consumer<Map<String, Object>> change) {
		return (dir) -> {
			Map<String, Object> fields = OperatorKeyFiles.fields();
			change.accept(fields);
			return OperatorKeyFiles.write(dir, fields);
		};
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("brokenFiles")
	void aBrokenFileIsRefusedWithItsNameAndProblemButNoneOfTheKey(java.util.function.Function<Path, Path> broken,
			String problem) {
		Path file = broken.apply(this.dir);

		OperatorKeyFileException failure = catchThrowableOfType(OperatorKeyFileException.class,
				() -> OperatorKeyFile.read(file));

		assertThat(failure.getMessage()).contains(file.toAbsolutePath().toString(), problem);
		assertNoPartOfTheKey(failure);
	}

	@Test
	void aMissingFileIsRefused() {
		Path file = this.dir.resolve("nowhere.json");

		OperatorKeyFileException failure = catchThrowableOfType(OperatorKeyFileException.class,
				() -> OperatorKeyFile.read(file));

		assertThat(failure.getMessage()).contains(file.toAbsolutePath().toString(), "does not exist");
		assertNoPartOfTheKey(failure);
	}

	@Test
	void anUnreadableFileIsRefused() throws Exception {
		Path file = Files.createDirectory(this.dir.resolve("key.json"));

		OperatorKeyFileException failure = catchThrowableOfType(OperatorKeyFileException.class,
				() -> OperatorKeyFile.read(file));

		assertThat(failure.getMessage()).contains(file.toAbsolutePath().toString(), "cannot be read");
	}

	@Test
	void noFileSetIsRefused() {
		OperatorKeyFileException failure = catchThrowableOfType(OperatorKeyFileException.class,
				() -> OperatorKeyFile.read(null));

		assertThat(failure.getMessage()).contains("app.portal.service-account-key-file is not set");
	}

	/** Message, toString and causes, printed the way a start-up failure is. */
	static void assertNoPartOfTheKey(Throwable failure) {
		StringWriter printed = new StringWriter();
		failure.printStackTrace(new PrintWriter(printed));
		StringBuilder text = new StringBuilder(printed.toString());
		for (Throwable t = failure; t != null; t = t.getCause()) {
			text.append('\n').append(t).append('\n').append(t.getMessage());
		}
		for (String chunk : OperatorKeyFiles.privateKeyBase64()) {
			assertThat(text.toString()).as("a 16-character piece of the private key").doesNotContain(chunk);
		}
	}

}
