package dev.aikeywizard.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import dev.aikeywizard.sandbox.SandboxGateway.Caller;
import dev.aikeywizard.sandbox.SandboxGateway.Outcome;
import dev.aikeywizard.sandbox.SandboxGateway.Page;
import dev.aikeywizard.sandbox.SandboxRpcException.Code;
import dev.aikeywizard.sandbox.SandboxWire.CreateKeyRequest;
import dev.aikeywizard.sandbox.SandboxWire.Key;
import dev.aikeywizard.sandbox.SandboxWorld.AuthorizedKeyRec;
import dev.aikeywizard.sandbox.SandboxWorld.SaRec;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * IAM authorized keys ({@code KeyService}, reference §13) under {@code /sandbox/iam/iam/v1/keys}: Create makes an
 * RSA key pair for a service account, keeps the public key and returns the private key once (PKCS#8 PEM, as in
 * the {@code private_key} of {@code yc iam key create}'s key.json); the service account then signs its JWTs with it
 * for the IAM token exchange ({@link SandboxJwtVerifier}). Create is synchronous, Delete returns an Operation.
 */
@RestController
@RequestMapping("/sandbox/iam/iam/v1/keys")
@ConditionalOnBooleanProperty("app.sandbox.enabled")
class SandboxKeyController {

	/** The documented quota of authorized keys per cloud (reference §7). */
	static final int QUOTA = 1000;

	private static final Map<String, Integer> KEY_SIZES = Map.of("RSA_2048", 2048, "RSA_4096", 4096);

	private final SandboxGateway gateway;

	private final SandboxWorlds worlds;

	SandboxKeyController(SandboxGateway gateway) {
		this.gateway = gateway;
		this.worlds = gateway.worlds();
	}

	/** Answered as bytes: the answer carries the private key, which Spring MVC's DEBUG logging would print. */
	@PostMapping
	ResponseEntity<byte[]> create(@RequestBody(required = false) String body, HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, false);
		return SandboxIamController.asBytes(this.gateway.mutate(caller, request, body, "createKey", () -> {
			CreateKeyRequest req = SandboxJson.read(body, CreateKeyRequest.class);
			String saId = (req.serviceAccountId() != null && !req.serviceAccountId().isEmpty())
					? req.serviceAccountId() : SandboxIamController.ownServiceAccount(caller);
			SandboxIamController.max("serviceAccountId", saId, 50);
			SandboxIamController.max("description", req.description(), 256);
			if (req.format() != null && !"PEM_FILE".equals(req.format())) {
				throw SandboxRpcException.invalid("format: invalid value, expected PEM_FILE");
			}
			String algorithm = (req.keyAlgorithm() == null || "ALGORITHM_UNSPECIFIED".equals(req.keyAlgorithm()))
					? "RSA_2048" : req.keyAlgorithm();
			if (!KEY_SIZES.containsKey(algorithm)) {
				throw SandboxRpcException.invalid("keyAlgorithm: invalid value, expected RSA_2048 or RSA_4096");
			}
			SandboxWorld world = caller.world();
			SaRec sa = SandboxIamController.serviceAccount(world, saId);
			if (!caller.subjectId().equals(sa.id)) {
				SandboxGateway.requireRole(caller, sa.folderId, SandboxGateway.SA_MANAGERS, "iam.keys.create");
			}
			if (world.authorizedKeys.size() >= QUOTA) {
				throw new SandboxRpcException(Code.RESOURCE_EXHAUSTED,
						"Quota limit iam.authorizedKeys.count exceeded (" + QUOTA + ")");
			}
			KeyPair pair = generate(KEY_SIZES.get(algorithm));
			AuthorizedKeyRec key = new AuthorizedKeyRec();
			key.id = this.worlds.newId("aje");
			key.serviceAccountId = sa.id;
			key.createdAt = this.worlds.now();
			key.description = (req.description() != null) ? req.description() : "";
			key.keyAlgorithm = algorithm;
			key.publicKey = (RSAPublicKey) pair.getPublic();
			world.authorizedKeys.add(key);
			String privateKey = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
			return Outcome.body(new SandboxWire.CreatedKey(view(key), privateKey));
		}));
	}

	@GetMapping
	ResponseEntity<String> list(@RequestParam(required = false) String serviceAccountId,
			@RequestParam(required = false) String pageSize, @RequestParam(required = false) String pageToken,
			HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, true);
		String saId = (serviceAccountId != null && !serviceAccountId.isEmpty()) ? serviceAccountId
				: SandboxIamController.ownServiceAccount(caller);
		SandboxIamController.max("serviceAccountId", saId, 50);
		synchronized (caller.world()) {
			SaRec sa = SandboxIamController.serviceAccount(caller.world(), saId);
			SandboxGateway.requireAnyRole(caller, sa.folderId);
			List<Key> all = caller.world().authorizedKeys.stream()
				.filter((k) -> k.serviceAccountId.equals(sa.id))
				.map(SandboxKeyController::view)
				.toList();
			Page<Key> page = this.gateway.page(all, pageSize, pageToken, 100);
			return SandboxGateway.ok(new SandboxWire.KeyPage(page.items(), page.nextPageToken()));
		}
	}

	@GetMapping("/{keyId}")
	ResponseEntity<String> get(@PathVariable String keyId, HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, true);
		SandboxIamController.unimplementedAction(keyId);
		synchronized (caller.world()) {
			AuthorizedKeyRec key = key(caller.world(), keyId);
			SandboxGateway.requireAnyRole(caller,
					SandboxIamController.serviceAccount(caller.world(), key.serviceAccountId).folderId);
			return SandboxGateway.ok(view(key));
		}
	}

	@DeleteMapping("/{keyId}")
	ResponseEntity<String> delete(@PathVariable String keyId, @RequestBody(required = false) String body,
			HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, false);
		return this.gateway.mutate(caller, request, body, "deleteKey", () -> {
			SandboxWorld world = caller.world();
			AuthorizedKeyRec key = key(world, keyId);
			SaRec sa = SandboxIamController.serviceAccount(world, key.serviceAccountId);
			SandboxGateway.requireRole(caller, sa.folderId, SandboxGateway.SA_MANAGERS, "iam.keys.delete");
			world.authorizedKeys.remove(key);
			return Outcome.of(this.gateway.newOperation(caller, "aje", "Delete key",
					SandboxJson.any("yandex.cloud.iam.v1.DeleteKeyMetadata", Map.of("keyId", key.id)),
					SandboxJson.any("google.protobuf.Empty", null), null));
		});
	}

	static Key view(AuthorizedKeyRec key) {
		return new Key(key.id, key.serviceAccountId, key.createdAt.toString(), key.description, key.keyAlgorithm,
				pem("PUBLIC KEY", key.publicKey.getEncoded()));
	}

	private static AuthorizedKeyRec key(SandboxWorld world, String id) {
		return world.authorizedKey(id).orElseThrow(() -> SandboxRpcException.notFound("Key " + id + " not found"));
	}

	private static KeyPair generate(int bits) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(bits);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** DER as PEM: base64 in lines of 64 between the type's BEGIN and END lines. */
	static String pem(String type, byte[] der) {
		String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
	}

}
