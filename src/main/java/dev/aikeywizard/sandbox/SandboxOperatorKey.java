package dev.aikeywizard.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * The authorized key of the sandbox organisation's operator service account (the one a key desk in portal mode acts
 * with), written as {@code yc iam key create --output key.json} writes it to {@code app.sandbox.operator-key-file}
 * before any bean is made (a bean factory post-processor), so the portal reads it while the context starts. A new key pair at every start (the
 * sandbox's world lives in memory); the file is readable by its owner only. The sandbox verifies the operator's JWTs
 * against the public key it reads back from the file ({@link #publicKey(Path)}).
 */
class SandboxOperatorKey implements BeanFactoryPostProcessor, EnvironmentAware {

	static final String FILE = "app.sandbox.operator-key-file";

	/** The operator's service account in the organisation's world. */
	static final String SERVICE_ACCOUNT_ID = "ajekeydeskoperator01";

	/** Its authorized key's id: the JWT's {@code kid}. */
	static final String KEY_ID = "ajekeydeskkey0000001";

	private static final Log log = LogFactory.getLog(SandboxOperatorKey.class);

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		String file = this.environment.getProperty(FILE);
		if (file == null || file.isBlank()) {
			return;
		}
		Path path = Path.of(file).toAbsolutePath();
		write(path, Instant.now());
		log.info("The sandbox operator's authorized key is in " + path);
	}

	static void write(Path path, Instant createdAt) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			Map<String, String> json = new LinkedHashMap<>();
			json.put("id", KEY_ID);
			json.put("service_account_id", SERVICE_ACCOUNT_ID);
			json.put("created_at", createdAt.toString());
			json.put("key_algorithm", "RSA_2048");
			json.put("public_key", SandboxKeyController.pem("PUBLIC KEY", pair.getPublic().getEncoded()));
			json.put("private_key", SandboxKeyController.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
			Files.createDirectories(path.getParent());
			Path temporary = Files.createTempFile(path.getParent(), ".operator-key", ".json");
			try {
				try {
					Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
				}
				catch (UnsupportedOperationException ex) {
					// not a POSIX file system: the directory's rights apply
				}
				Files.writeString(temporary, SandboxJson.write(json), StandardCharsets.UTF_8);
				try {
					Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				}
				catch (AtomicMoveNotSupportedException ex) {
					Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
				}
			}
			finally {
				Files.deleteIfExists(temporary);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the sandbox operator's key file " + path, ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The public key in a key file this class wrote. */
	static RSAPublicKey publicKey(Path path) {
		try {
			String pem = SandboxJson.tree(Files.readString(path, StandardCharsets.UTF_8)).get("public_key").asString();
			String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
			return (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the sandbox operator's key file " + path, ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Not an RSA public key in " + path, ex);
		}
	}

}
