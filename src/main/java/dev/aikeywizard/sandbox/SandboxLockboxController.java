package dev.aikeywizard.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.aikeywizard.sandbox.SandboxGateway.Caller;
import dev.aikeywizard.sandbox.SandboxGateway.Outcome;
import dev.aikeywizard.sandbox.SandboxWorld.LockboxRec;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lockbox (reference §13): {@code lockbox.api.cloud.yandex.net} under {@code /sandbox/lockbox} (create, get) and the
 * payload host {@code payload.lockbox.api.cloud.yandex.net} under {@code /sandbox/lockbox-payload}. Create needs
 * {@code lockbox.editor} (or a role that includes it) on the folder and returns an Operation with
 * {@code CreateSecretMetadata{secretId, versionId}}; reading the payload needs {@code lockbox.payloadViewer}. Bodies
 * that carry a payload are read and written as bytes, so Spring MVC's DEBUG log never holds them.
 */
@RestController
@ConditionalOnBooleanProperty("app.sandbox.enabled")
class SandboxLockboxController {

	/** Entry keys (secret_service.proto): at most 256 characters of this set. */
	static final Pattern ENTRY_KEY = Pattern.compile("[-_./\\\\@0-9a-zA-Z]+");

	static final int MAX_VALUE = 65536;

	/** Roles that include {@code lockbox.editor}. */
	static final Set<String> EDITORS = Set.of("lockbox.editor", "lockbox.admin", "editor", "admin");

	/** Roles that include {@code lockbox.payloadViewer}. */
	static final Set<String> PAYLOAD_VIEWERS = Set.of("lockbox.payloadViewer", "lockbox.admin", "admin");

	private final SandboxGateway gateway;

	private final SandboxWorlds worlds;

	SandboxLockboxController(SandboxGateway gateway) {
		this.gateway = gateway;
		this.worlds = gateway.worlds();
	}

	record PayloadEntry(String key, String textValue, String binaryValue) {
	}

	record CreateSecretRequest(String folderId, String name, String description, Map<String, String> labels,
			String kmsKeyId, String versionDescription, List<PayloadEntry> versionPayloadEntries,
			Boolean deletionProtection) {
	}

	record Secret(String id, String folderId, String createdAt, String name, String description, String status,
			Map<String, Object> currentVersion) {
	}

	record Payload(String versionId, List<Map<String, String>> entries) {
	}

	@PostMapping("/sandbox/lockbox/lockbox/v1/secrets")
	ResponseEntity<String> create(@RequestBody(required = false) byte[] bytes, HttpServletRequest request) {
		String body = (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null;
		Caller caller = this.gateway.caller(request, false);
		return this.gateway.mutate(caller, request, body, "createLockboxSecret", () -> {
			CreateSecretRequest req = SandboxJson.read(body, CreateSecretRequest.class);
			String folderId = SandboxIamController.required("folderId", req.folderId(), 50);
			SandboxIamController.max("name", req.name(), 100);
			SandboxIamController.max("description", req.description(), 1024);
			List<PayloadEntry> entries = (req.versionPayloadEntries() != null) ? req.versionPayloadEntries()
					: List.of();
			Map<String, String> payload = new LinkedHashMap<>();
			for (int i = 0; i < entries.size(); i++) {
				PayloadEntry entry = entries.get(i);
				String at = "versionPayloadEntries[" + i + "]";
				String key = SandboxIamController.required(at + ".key", (entry != null) ? entry.key() : null, 256);
				if (!ENTRY_KEY.matcher(key).matches()) {
					throw SandboxRpcException.invalid(at + ".key: must match [-_./\\\\@0-9a-zA-Z]+");
				}
				if (entry.textValue() == null && entry.binaryValue() == null) {
					throw SandboxRpcException.invalid(at + ": one of textValue, binaryValue is required");
				}
				String value = (entry.textValue() != null) ? entry.textValue() : entry.binaryValue();
				if (value.length() > MAX_VALUE) {
					throw SandboxRpcException.invalid(at + ".textValue: length must be at most " + MAX_VALUE);
				}
				if (payload.put(key, value) != null) {
					throw SandboxRpcException.invalid(at + ".key: duplicate entry key " + key);
				}
			}
			SandboxWorld world = caller.world();
			if (world.folder(folderId).isEmpty()) {
				throw SandboxRpcException.notFound("Folder " + folderId + " not found");
			}
			SandboxGateway.requireRole(caller, folderId, EDITORS, "lockbox.secrets.create");
			LockboxRec rec = new LockboxRec();
			rec.id = this.worlds.newId("e6q");
			rec.folderId = folderId;
			rec.name = (req.name() != null) ? req.name() : "";
			rec.description = (req.description() != null) ? req.description() : "";
			rec.createdAt = Instant.now();
			rec.versionId = payload.isEmpty() ? null : this.worlds.newId("e6q");
			rec.payload = payload;
			world.lockboxSecrets.add(rec);
			Map<String, Object> metadata = new LinkedHashMap<>();
			metadata.put("secretId", rec.id);
			if (rec.versionId != null) {
				metadata.put("versionId", rec.versionId);
			}
			return Outcome.of(this.gateway.newOperation(caller, "e6q", "Create secret",
					SandboxJson.any("yandex.cloud.lockbox.v1.CreateSecretMetadata", metadata),
					SandboxJson.any("yandex.cloud.lockbox.v1.Secret", view(rec)), null));
		});
	}

	@GetMapping("/sandbox/lockbox/lockbox/v1/secrets/{secretId}")
	ResponseEntity<String> get(@PathVariable String secretId, HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, true);
		synchronized (caller.world()) {
			LockboxRec rec = secret(caller.world(), secretId);
			SandboxGateway.requireAnyRole(caller, rec.folderId);
			return SandboxGateway.ok(view(rec));
		}
	}

	/** The payload host: answered as bytes, since the answer is the secret. */
	@GetMapping("/sandbox/lockbox-payload/lockbox/v1/secrets/{secretId}/payload")
	ResponseEntity<byte[]> payload(@PathVariable String secretId, HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, true);
		synchronized (caller.world()) {
			LockboxRec rec = secret(caller.world(), secretId);
			SandboxGateway.requireRole(caller, rec.folderId, PAYLOAD_VIEWERS, "lockbox.secrets.getPayload");
			if (rec.versionId == null) {
				throw SandboxRpcException.notFound("Secret " + secretId + " has no version");
			}
			List<Map<String, String>> entries = new ArrayList<>();
			rec.payload.forEach((key, value) -> entries.add(Map.of("key", key, "textValue", value)));
			return ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.body(SandboxJson.write(new Payload(rec.versionId, entries)).getBytes(StandardCharsets.UTF_8));
		}
	}

	private static LockboxRec secret(SandboxWorld world, String secretId) {
		return world.lockboxSecrets.stream()
			.filter((s) -> s.id.equals(secretId))
			.findFirst()
			.orElseThrow(() -> SandboxRpcException.notFound("Secret " + secretId + " not found"));
	}

	private static Secret view(LockboxRec rec) {
		Map<String, Object> version = (rec.versionId != null)
				? Map.of("id", rec.versionId, "secretId", rec.id, "status", "ACTIVE") : null;
		return new Secret(rec.id, rec.folderId, rec.createdAt.toString(), rec.name, rec.description, "ACTIVE",
				version);
	}

}
