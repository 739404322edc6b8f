package dev.aikeywizard.sandbox;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import dev.aikeywizard.sandbox.SandboxGateway.Caller;
import dev.aikeywizard.sandbox.SandboxGateway.Outcome;
import dev.aikeywizard.sandbox.SandboxGateway.Page;
import dev.aikeywizard.sandbox.SandboxRpcException.Code;
import dev.aikeywizard.sandbox.SandboxWire.ApiKey;
import dev.aikeywizard.sandbox.SandboxWire.CreateApiKeyRequest;
import dev.aikeywizard.sandbox.SandboxWire.CreateIamTokenRequest;
import dev.aikeywizard.sandbox.SandboxWire.CreateServiceAccountRequest;
import dev.aikeywizard.sandbox.SandboxWire.ServiceAccount;
import dev.aikeywizard.sandbox.SandboxWire.UpdateApiKeyRequest;
import dev.aikeywizard.sandbox.SandboxWorld.KeyRec;
import dev.aikeywizard.sandbox.SandboxWorld.OpRec;
import dev.aikeywizard.sandbox.SandboxWorld.SaRec;
import dev.aikeywizard.sandbox.SandboxWorlds.IamRec;
import dev.aikeywizard.sandbox.SandboxWorlds.KeyRef;
import dev.aikeywizard.sandbox.SandboxWorlds.OAuthRec;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * IAM ({@code iam.api.cloud.yandex.net}) under {@code /sandbox/iam}: IAM tokens, service accounts and API keys.
 */
@RestController
@RequestMapping("/sandbox/iam/iam/v1")
@ConditionalOnBooleanProperty("app.sandbox.enabled")
class SandboxIamController {

	/** 2-63 characters (the seed's rule, accepted by the current proto regex; reference §4). */
	static final Pattern SA_NAME = Pattern.compile("[a-z][-a-z0-9]{0,61}[a-z0-9]");

	private static final Pattern LABEL_KEY = Pattern.compile("[a-z][-_0-9a-z]{0,62}");

	private static final Pattern LABEL_VALUE = Pattern.compile("[-_0-9a-z]{0,63}");

	private static final Pattern NAME_FILTER = Pattern.compile("\\s*name\\s*=\\s*\"([^\"]*)\"\\s*");

	private static final Instant MAX_EXPIRY = Instant.parse("2105-12-31T23:59:59Z");

	private final SandboxGateway gateway;

	private final SandboxWorlds worlds;

	private final SandboxJwtVerifier jwtVerifier;

	SandboxIamController(SandboxGateway gateway) {
		this.gateway = gateway;
		this.worlds = gateway.worlds();
		this.jwtVerifier = new SandboxJwtVerifier(this.worlds);
	}

	// ---- IAM tokens ----

	/**
	 * Request and answer as bytes: Spring MVC logs String bodies it reads and writes at DEBUG, which would put the
	 * OAuth token and the IAM token into the log; a byte array is logged as its type only.
	 */
	@PostMapping("/tokens")
	ResponseEntity<byte[]> createToken(@RequestBody(required = false) byte[] raw) {
		String body = (raw != null) ? new String(raw, java.nio.charset.StandardCharsets.UTF_8) : null;
		CreateIamTokenRequest req = SandboxJson.read(body, CreateIamTokenRequest.class);
		boolean oauth = req.yandexPassportOauthToken() != null && !req.yandexPassportOauthToken().isEmpty();
		boolean jwt = req.jwt() != null && !req.jwt().isEmpty();
		if (oauth == jwt) {
			throw SandboxRpcException.invalid("Exactly one of yandexPassportOauthToken or jwt must be set");
		}
		IamRec issued = oauth ? fromOAuth(req.yandexPassportOauthToken()) : fromJwt(req.jwt());
		this.worlds.world(issued.persona()).ifPresent((world) -> this.gateway.pace(world, false));
		String token = "t1." + this.worlds.randomToken(48) + "." + this.worlds.randomToken(64);
		this.worlds.iamTokens.put(token, issued);
		return asBytes(SandboxGateway.ok(new SandboxWire.IamToken(token, issued.expiresAt().toString())));
	}

	/** The same answer as bytes, which Spring MVC's DEBUG logging does not print. */
	static ResponseEntity<byte[]> asBytes(ResponseEntity<String> answer) {
		return ResponseEntity.status(answer.getStatusCode())
			.headers(answer.getHeaders())
			.body((answer.getBody() != null) ? answer.getBody().getBytes(java.nio.charset.StandardCharsets.UTF_8)
					: null);
	}

	private IamRec fromOAuth(String oauthToken) {
		if (oauthToken.length() > 4000) {
			throw SandboxRpcException.invalid("yandexPassportOauthToken: length must be at most 4000");
		}
		OAuthRec rec = this.worlds.oauthTokens.get(oauthToken);
		if (rec == null) {
			throw SandboxRpcException.unauthenticated("The token is invalid or has expired.");
		}
		boolean foreignClient = !SandboxProperties.CLOUD_CLIENT_ID.equals(rec.clientId());
		boolean signInOnly = this.worlds.world(rec.persona()).map((w) -> w.persona.signInOnly()).orElse(false);
		if (rec.refuseExchange() || signInOnly
				|| (this.gateway.properties().refuseOauthExchange() && foreignClient)) {
			throw SandboxRpcException.unauthenticated("The OAuth token was issued to an application that may not"
					+ " access Yandex Cloud; get an OAuth token for Yandex Cloud instead");
		}
		String uid = this.worlds.world(rec.persona()).map((w) -> w.persona.uid()).orElseThrow();
		return new IamRec(rec.persona(), uid, "userAccount",
				this.worlds.now().plus(SandboxWorlds.IAM_TOKEN_LIFETIME));
	}

	/** A service account's JWT, verified as IAM does (see {@link SandboxJwtVerifier}). */
	private IamRec fromJwt(String jwt) {
		if (jwt.length() > 8000) {
			throw SandboxRpcException.invalid("jwt: length must be at most 8000");
		}
		return this.jwtVerifier.verify(jwt);
	}

	// ---- service accounts ----

	@PostMapping("/serviceAccounts")
	ResponseEntity<String> createServiceAccount(@RequestBody(required = false) String body,
			HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, false);
		return this.gateway.mutate(caller, request, body, "createServiceAccount", () -> {
			CreateServiceAccountRequest req = SandboxJson.read(body, CreateServiceAccountRequest.class);
			String folderId = required("folderId", req.folderId(), 50);
			String name = required("name", req.name(), 63);
			if (!SA_NAME.matcher(name).matches()) {
				throw SandboxRpcException.invalid("name: invalid value '" + name + "', expected 2-63 characters:"
						+ " lowercase Latin letters, digits and hyphens, starting with a letter and not ending"
						+ " with a hyphen (pattern [a-z][-a-z0-9]{0,61}[a-z0-9])");
			}
			max("description", req.description(), 256);
			Map<String, String> labels = labels(req.labels());
			Instant expiresAt = timestamp("expiresAt", req.expiresAt());
			SandboxWorld world = caller.world();
			var folder = world.folder(folderId)
				.orElseThrow(() -> SandboxRpcException.notFound("Folder " + folderId + " not found"));
			SandboxGateway.requireRole(caller, folderId, SandboxGateway.SA_MANAGERS, "iam.serviceAccounts.create");
			List<String> cloudFolders = world.folders.stream()
				.filter((f) -> f.cloudId.equals(folder.cloudId))
				.map((f) -> f.id)
				.toList();
			boolean taken = world.serviceAccounts.stream()
				.anyMatch((sa) -> sa.name.equals(name) && cloudFolders.contains(sa.folderId));
			if (taken) {
				throw new SandboxRpcException(Code.ALREADY_EXISTS,
						"Service account with name " + name + " already exists in the cloud");
			}
			if (world.serviceAccounts.size() >= 100) {
				throw new SandboxRpcException(Code.RESOURCE_EXHAUSTED,
						"Quota limit iam.serviceAccounts.count exceeded (100)");
			}
			String id = this.worlds.newId("aje");
			Map<String, Object> metadata = SandboxJson.any("yandex.cloud.iam.v1.CreateServiceAccountMetadata",
					Map.of("serviceAccountId", id));
			if (!"ACTIVE".equals(folder.status)) {
				// Accepted, then fails asynchronously: nothing is created.
				return Outcome.of(this.gateway.newOperation(caller, "aje", "Create service account", metadata, null,
						SandboxGateway.status(Code.FAILED_PRECONDITION,
								"Folder " + folderId + " is " + folder.status + "; no resources can be created in it",
								SandboxGateway.requestId(request))));
			}
			SaRec sa = new SaRec();
			sa.id = id;
			sa.folderId = folderId;
			sa.name = name;
			sa.description = (req.description() != null) ? req.description() : "";
			sa.labels = labels;
			sa.createdAt = Instant.now();
			sa.expiresAt = expiresAt;
			world.serviceAccounts.add(sa);
			return Outcome.of(this.gateway.newOperation(caller, "aje", "Create service account", metadata,
					SandboxJson.any("yandex.cloud.iam.v1.ServiceAccount", view(sa)), null));
		});
	}

	@GetMapping("/serviceAccounts")
	ResponseEntity<String> listServiceAccounts(@RequestParam(required = false) String folderId,
			@RequestParam(required = false) String pageSize, @RequestParam(required = false) String pageToken,
			@RequestParam(required = false) String filter, HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, true);
		String folder = required("folderId", folderId, 50);
		String nameFilter = nameFilter(filter);
		SandboxWorld world = caller.world();
		synchronized (world) {
			world.folder(folder).orElseThrow(() -> SandboxRpcException.notFound("Folder " + folder + " not found"));
			SandboxGateway.requireAnyRole(caller, folder);
			List<ServiceAccount> all = world.serviceAccounts.stream()
				.filter((sa) -> sa.folderId.equals(folder))
				.filter((sa) -> nameFilter == null || sa.name.equals(nameFilter))
				.map(SandboxIamController::view)
				.toList();
			Page<ServiceAccount> page = this.gateway.page(all, pageSize, pageToken, 2000);
			return SandboxGateway.ok(new SandboxWire.ServiceAccountPage(page.items(), page.nextPageToken()));
		}
	}

	@GetMapping("/serviceAccounts/{serviceAccountId}")
	ResponseEntity<String> getServiceAccount(@PathVariable String serviceAccountId, HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, true);
		unimplementedAction(serviceAccountId);
		synchronized (caller.world()) {
			SaRec sa = serviceAccount(caller.world(), serviceAccountId);
			SandboxGateway.requireAnyRole(caller, sa.folderId);
			return SandboxGateway.ok(view(sa));
		}
	}

	@DeleteMapping("/serviceAccounts/{serviceAccountId}")
	ResponseEntity<String> deleteServiceAccount(@PathVariable String serviceAccountId,
			@RequestBody(required = false) String body, HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, false);
		return this.gateway.mutate(caller, request, body, "deleteServiceAccount", () -> {
			SandboxWorld world = caller.world();
			SaRec sa = serviceAccount(world, serviceAccountId);
			SandboxGateway.requireRole(caller, sa.folderId, SandboxGateway.SA_MANAGERS, "iam.serviceAccounts.delete");
			world.serviceAccounts.remove(sa);
			world.apiKeys.removeIf((key) -> {
				if (key.serviceAccountId.equals(sa.id)) {
					this.worlds.keyIndex.remove(key.secretHash);
					return true;
				}
				return false;
			});
			world.bindings.removeIf((b) -> b.subjectId.equals(sa.id));
			world.authorizedKeys.removeIf((k) -> k.serviceAccountId.equals(sa.id));
			return Outcome.of(this.gateway.newOperation(caller, "aje", "Delete service account",
					SandboxJson.any("yandex.cloud.iam.v1.DeleteServiceAccountMetadata",
							Map.of("serviceAccountId", sa.id)),
					SandboxJson.any("google.protobuf.Empty", null), null));
		});
	}

	// ---- API keys ----

	/** Answered as bytes: the answer carries the key's secret (see {@link #asBytes}). */
	@PostMapping("/apiKeys")
	ResponseEntity<byte[]> createApiKey(@RequestBody(required = false) String body, HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, false);
		return asBytes(this.gateway.mutate(caller, request, body, "createApiKey", () -> {
			CreateApiKeyRequest req = SandboxJson.read(body, CreateApiKeyRequest.class);
			String saId = (req.serviceAccountId() != null && !req.serviceAccountId().isEmpty())
					? req.serviceAccountId() : ownServiceAccount(caller);
			max("serviceAccountId", saId, 50);
			max("description", req.description(), 256);
			max("scope", req.scope(), 256);
			List<String> scopes = new ArrayList<>();
			if (req.scopes() != null) {
				if (req.scopes().size() > 100) {
					throw SandboxRpcException.invalid("scopes: at most 100 items");
				}
				for (String scope : req.scopes()) {
					if (scope == null || scope.isBlank()) {
						throw SandboxRpcException.invalid("scopes: items must not be empty");
					}
					max("scopes", scope, 256);
				}
				if (new HashSet<>(req.scopes()).size() != req.scopes().size()) {
					throw SandboxRpcException.invalid("scopes: items must be unique");
				}
				scopes.addAll(req.scopes());
			}
			if (req.scope() != null && !req.scope().isEmpty() && !scopes.contains(req.scope())) {
				scopes.add(req.scope());
			}
			Instant expiresAt = timestamp("expiresAt", req.expiresAt());
			SandboxWorld world = caller.world();
			SaRec sa = serviceAccount(world, saId);
			if (!caller.subjectId().equals(sa.id)) {
				SandboxGateway.requireRole(caller, sa.folderId, SandboxGateway.SA_MANAGERS, "iam.apiKeys.create");
			}
			if (world.apiKeysForbidden) {
				// Reference §13: an access policy on the folder, cloud or organisation (exact wording UNCONFIRMED).
				throw SandboxRpcException.denied("Permission denied: an access policy on folder " + sa.folderId
						+ " forbids creating API keys for service accounts (iam.apiKeys.create)");
			}
			String secret = "AQVN" + this.worlds.randomAlnum(36);
			KeyRec key = new KeyRec();
			key.id = this.worlds.newId("aje");
			key.serviceAccountId = sa.id;
			key.createdAt = Instant.now();
			key.description = (req.description() != null) ? req.description() : "";
			key.scope = (req.scope() != null && !req.scope().isEmpty()) ? req.scope() : null;
			key.scopes = List.copyOf(scopes);
			key.expiresAt = expiresAt;
			key.secretHash = SandboxWorlds.sha256(secret);
			key.maskedSecret = "****" + secret.substring(secret.length() - 6);
			world.apiKeys.add(key);
			this.worlds.keyIndex.put(key.secretHash, new KeyRef(world.persona.name(), key.id));
			return Outcome.body(new SandboxWire.CreatedApiKey(view(key), secret));
		}));
	}

	@GetMapping("/apiKeys")
	ResponseEntity<String> listApiKeys(@RequestParam(required = false) String serviceAccountId,
			@RequestParam(required = false) String pageSize, @RequestParam(required = false) String pageToken,
			HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, true);
		String saId = (serviceAccountId != null && !serviceAccountId.isEmpty()) ? serviceAccountId
				: ownServiceAccount(caller);
		max("serviceAccountId", saId, 50);
		synchronized (caller.world()) {
			SaRec sa = serviceAccount(caller.world(), saId);
			SandboxGateway.requireAnyRole(caller, sa.folderId);
			List<ApiKey> all = caller.world().apiKeys.stream()
				.filter((k) -> k.serviceAccountId.equals(sa.id))
				.map(SandboxIamController::view)
				.toList();
			Page<ApiKey> page = this.gateway.page(all, pageSize, pageToken, 2000);
			return SandboxGateway.ok(new SandboxWire.ApiKeyPage(page.items(), page.nextPageToken()));
		}
	}

	/**
	 * ApiKeyService.ListScopes (reference §5, §13): the documented scope catalogue, paginated like every list. Any
	 * authenticated caller may read it.
	 */
	@GetMapping("/apiKeyScopes")
	ResponseEntity<String> listApiKeyScopes(@RequestParam(required = false) String pageSize,
			@RequestParam(required = false) String pageToken, HttpServletRequest request) {
		this.gateway.caller(request, true);
		Page<String> page = this.gateway.page(API_KEY_SCOPES, pageSize, pageToken, 2000);
		return SandboxGateway.ok(new SandboxWire.ApiKeyScopePage(page.items(), page.nextPageToken()));
	}

	/** The API key scopes the docs list today (iam/concepts/authorization/api-key; reference §13). */
	static final List<String> API_KEY_SCOPES = List.of("yc.ai.foundationModels.execute",
			"yc.ai.imageGeneration.execute", "yc.ai.languageModels.execute", "yc.ai.speechkitStt.execute",
			"yc.ai.speechkitTts.execute", "yc.ai.translate.execute", "yc.ai.vision.execute",
			"yc.datasphere.community-projects.manageResource", "yc.logging.write", "yc.managed-ytsaurus.cluster.use",
			"yc.monitoring.manage", "yc.monitoring.read", "yc.postbox.send", "yc.search-api.execute",
			"yc.serverless.containers.invoke", "yc.serverless.functions.invoke", "yc.serverless.mcpGateways.invoke",
			"yc.speech-sense.use", "yc.ydb.tables.manage", "yc.ydb.topics.manage");

	@GetMapping("/apiKeys/{apiKeyId}")
	ResponseEntity<String> getApiKey(@PathVariable String apiKeyId, HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, true);
		unimplementedAction(apiKeyId);
		synchronized (caller.world()) {
			KeyRec key = apiKey(caller.world(), apiKeyId);
			SandboxGateway.requireAnyRole(caller, serviceAccount(caller.world(), key.serviceAccountId).folderId);
			return SandboxGateway.ok(view(key));
		}
	}

	/**
	 * Update through a field mask (reference §5): {@code updateMask} names the fields to change, among
	 * {@code description}, {@code scopes} and {@code expiresAt}. An unknown path, an empty mask, or a field in the
	 * body that the mask does not name is INVALID_ARGUMENT and changes nothing. An expiry in the past is refused as
	 * on Create (whether the real service does is UNCONFIRMED: the sandbox's guess).
	 */
	@PatchMapping("/apiKeys/{apiKeyId}")
	ResponseEntity<String> updateApiKey(@PathVariable String apiKeyId, @RequestBody(required = false) String body,
			HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, false);
		unimplementedAction(apiKeyId);
		return this.gateway.mutate(caller, request, body, "updateApiKey", () -> {
			UpdateApiKeyRequest req = SandboxJson.read(body, UpdateApiKeyRequest.class);
			Set<String> mask = updateMask(req.updateMask());
			Object tree = SandboxJson.tree(body);
			if (tree instanceof tools.jackson.databind.JsonNode node && node.isObject()) {
				for (String field : node.propertyNames()) {
					if (!"updateMask".equals(field) && !mask.contains(field)) {
						throw SandboxRpcException.invalid("updateMask: the field " + field
								+ " is set but not named in updateMask");
					}
				}
			}
			String description = null;
			if (mask.contains("description")) {
				max("description", req.description(), 256);
				description = (req.description() != null) ? req.description() : "";
			}
			List<String> scopes = null;
			if (mask.contains("scopes")) {
				scopes = scopes(req.scopes());
			}
			Instant expiresAt = null;
			if (mask.contains("expiresAt")) {
				expiresAt = timestamp("expiresAt", req.expiresAt());
			}
			SandboxWorld world = caller.world();
			KeyRec key = apiKey(world, apiKeyId);
			SaRec sa = serviceAccount(world, key.serviceAccountId);
			SandboxGateway.requireRole(caller, sa.folderId, SandboxGateway.SA_MANAGERS, "iam.apiKeys.update");
			if (description != null) {
				key.description = description;
			}
			if (scopes != null) {
				key.scopes = scopes;
				key.scope = null;
			}
			if (mask.contains("expiresAt")) {
				key.expiresAt = expiresAt; // an empty value clears the expiry: the key then never expires
			}
			return Outcome.of(this.gateway.newOperation(caller, "aje", "Update API key",
					SandboxJson.any("yandex.cloud.iam.v1.UpdateApiKeyMetadata", Map.of("apiKeyId", key.id)),
					SandboxJson.any("yandex.cloud.iam.v1.ApiKey", view(key)), null));
		});
	}

	private static final Set<String> UPDATABLE = Set.of("description", "scopes", "expiresAt");

	private static Set<String> updateMask(String value) {
		if (value == null || value.isBlank()) {
			throw SandboxRpcException.invalid("updateMask: a value is required");
		}
		Set<String> paths = new java.util.LinkedHashSet<>();
		for (String path : value.split(",")) {
			String p = path.strip();
			if (!UPDATABLE.contains(p)) {
				throw SandboxRpcException.invalid("updateMask: unknown field path '" + p
						+ "'; updatable: description, scopes, expiresAt");
			}
			paths.add(p);
		}
		return paths;
	}

	/** 1-100 unique, non-empty scopes of at most 256 characters each. */
	private static List<String> scopes(List<String> scopes) {
		if (scopes == null || scopes.isEmpty()) {
			throw SandboxRpcException.invalid("scopes: between 1 and 100 items are required");
		}
		if (scopes.size() > 100) {
			throw SandboxRpcException.invalid("scopes: at most 100 items");
		}
		for (String scope : scopes) {
			if (scope == null || scope.isBlank()) {
				throw SandboxRpcException.invalid("scopes: items must not be empty");
			}
			max("scopes", scope, 256);
		}
		if (new HashSet<>(scopes).size() != scopes.size()) {
			throw SandboxRpcException.invalid("scopes: items must be unique");
		}
		return List.copyOf(scopes);
	}

	@DeleteMapping("/apiKeys/{apiKeyId}")
	ResponseEntity<String> deleteApiKey(@PathVariable String apiKeyId, @RequestBody(required = false) String body,
			HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, false);
		return this.gateway.mutate(caller, request, body, "deleteApiKey", () -> {
			SandboxWorld world = caller.world();
			KeyRec key = apiKey(world, apiKeyId);
			SaRec sa = serviceAccount(world, key.serviceAccountId);
			SandboxGateway.requireRole(caller, sa.folderId, SandboxGateway.SA_MANAGERS, "iam.apiKeys.delete");
			world.apiKeys.remove(key);
			this.worlds.keyIndex.remove(key.secretHash);
			OpRec op = this.gateway.newOperation(caller, "aje", "Delete API key",
					SandboxJson.any("yandex.cloud.iam.v1.DeleteApiKeyMetadata", Map.of("apiKeyId", key.id)),
					SandboxJson.any("google.protobuf.Empty", null), null);
			return Outcome.of(op);
		});
	}

	// ---- helpers ----

	static ServiceAccount view(SaRec sa) {
		return new ServiceAccount(sa.id, sa.folderId, sa.createdAt.toString(), sa.name, sa.description,
				sa.labels.isEmpty() ? null : sa.labels, "ACTIVE",
				(sa.expiresAt != null) ? sa.expiresAt.toString() : null);
	}

	static ApiKey view(KeyRec key) {
		return new ApiKey(key.id, key.serviceAccountId, key.createdAt.toString(), key.description,
				(key.lastUsedAt != null) ? key.lastUsedAt.toString() : null, key.scope, key.scopes,
				(key.expiresAt != null) ? key.expiresAt.toString() : null, key.maskedSecret);
	}

	static String ownServiceAccount(Caller caller) {
		if ("serviceAccount".equals(caller.subjectType())) {
			return caller.subjectId();
		}
		throw SandboxRpcException.invalid("serviceAccountId: required when the caller is a user account");
	}

	static SaRec serviceAccount(SandboxWorld world, String id) {
		return world.serviceAccount(id)
			.orElseThrow(() -> SandboxRpcException.notFound("Service account " + id + " not found"));
	}

	private static KeyRec apiKey(SandboxWorld world, String id) {
		return world.apiKey(id).orElseThrow(() -> SandboxRpcException.notFound("API key " + id + " not found"));
	}

	static void unimplementedAction(String idAndAction) {
		if (idAndAction.contains(":")) {
			throw new SandboxRpcException(Code.UNIMPLEMENTED,
					"Method " + idAndAction.substring(idAndAction.indexOf(':')) + " is not emulated by the sandbox");
		}
	}

	static String required(String field, String value, int maxLength) {
		if (value == null || value.isEmpty()) {
			throw SandboxRpcException.invalid(field + ": a value is required");
		}
		max(field, value, maxLength);
		return value;
	}

	static void max(String field, String value, int maxLength) {
		if (value != null && value.codePointCount(0, value.length()) > maxLength) {
			throw SandboxRpcException.invalid(field + ": length must be at most " + maxLength);
		}
	}

	/** An optional RFC 3339 timestamp that must lie in the future (and before 2106). */
	static Instant timestamp(String field, String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		Instant instant;
		try {
			instant = Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw SandboxRpcException.invalid(field + ": invalid RFC 3339 timestamp");
		}
		if (!instant.isAfter(Instant.now())) {
			throw SandboxRpcException.invalid(field + ": must be in the future");
		}
		if (instant.isAfter(MAX_EXPIRY)) {
			throw SandboxRpcException.invalid(field + ": must be before 2106-01-01T00:00:00Z");
		}
		return instant;
	}

	private static Map<String, String> labels(Map<String, String> labels) {
		if (labels == null) {
			return Map.of();
		}
		if (labels.size() > 64) {
			throw SandboxRpcException.invalid("labels: at most 64 labels");
		}
		labels.forEach((key, value) -> {
			if (key == null || !LABEL_KEY.matcher(key).matches()) {
				throw SandboxRpcException.invalid("labels: invalid key '" + key + "'");
			}
			if (value == null || !LABEL_VALUE.matcher(value).matches()) {
				throw SandboxRpcException.invalid("labels: invalid value for key '" + key + "'");
			}
		});
		return Map.copyOf(labels);
	}

	static String nameFilter(String filter) {
		if (filter == null || filter.isBlank()) {
			return null;
		}
		max("filter", filter, 1000);
		Matcher matcher = NAME_FILTER.matcher(filter);
		if (!matcher.matches()) {
			throw SandboxRpcException.invalid("filter: only name=\"<value>\" is supported");
		}
		return matcher.group(1);
	}

}
