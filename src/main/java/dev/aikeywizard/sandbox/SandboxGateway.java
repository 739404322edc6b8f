package dev.aikeywizard.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import dev.aikeywizard.sandbox.SandboxRpcException.Code;
import dev.aikeywizard.sandbox.SandboxWorld.IdempotencyRec;
import dev.aikeywizard.sandbox.SandboxWorld.OpRec;
import dev.aikeywizard.sandbox.SandboxWorlds.IamRec;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * What every emulated cloud call shares, like the real API gateway in front of the services: IAM-token
 * authentication, the persona's pacing (slow, flaky), role checks, pagination, Idempotency-Key replay and
 * Operations.
 */
final class SandboxGateway {

	static final String REQUEST_ID = SandboxGateway.class.getName() + ".requestId";

	/** Roles that may create and delete service accounts and their API keys in a folder. */
	static final Set<String> SA_MANAGERS = Set.of("admin", "editor", "iam.serviceAccounts.admin", "iam.admin",
			"resource-manager.clouds.owner");

	/** Roles that may grant roles on a folder (reference §3: editor is not enough). */
	static final Set<String> GRANTERS = Set.of("admin", "iam.admin", "resource-manager.admin",
			"organization-manager.admin", "resource-manager.clouds.owner", "organization-manager.organizations.owner");

	/**
	 * Roles on a billing account that let the holder see it (reference §2 and §13: List shows only the accounts the
	 * caller has a billing role on; which role exactly is UNCONFIRMED, so any billing.accounts role counts).
	 */
	static final Set<String> BILLING_READERS = Set.of("billing.accounts.owner", "billing.accounts.admin",
			"billing.accounts.editor", "billing.accounts.viewer", "billing.accounts.member");

	private static final int DEFAULT_PAGE_SIZE = 100;

	private final SandboxWorlds worlds;

	private final SandboxProperties properties;

	SandboxGateway(SandboxWorlds worlds, SandboxProperties properties) {
		this.worlds = worlds;
		this.properties = properties;
	}

	SandboxWorlds worlds() {
		return this.worlds;
	}

	SandboxProperties properties() {
		return this.properties;
	}

	/**
	 * The authenticated caller of a cloud API: whose world, which subject inside it, and when the call is answered
	 * (see {@link SandboxLatency}).
	 */
	record Caller(SandboxWorld world, String subjectId, String subjectType, Instant answeredAt) {
	}

	static String requestId(HttpServletRequest request) {
		Object id = request.getAttribute(REQUEST_ID);
		if (id == null) {
			id = UUID.randomUUID().toString();
			request.setAttribute(REQUEST_ID, id);
		}
		return id.toString();
	}

	// ---- authentication and pacing ----

	Caller caller(HttpServletRequest request, boolean read) {
		String header = request.getHeader("Authorization");
		if (header == null || header.isBlank()) {
			throw SandboxRpcException.unauthenticated("Authentication required: the request has no IAM token");
		}
		if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			throw SandboxRpcException
				.unauthenticated("Authentication required: expected the header 'Authorization: Bearer <IAM token>'");
		}
		IamRec token = this.worlds.iamTokens.get(header.substring(7).trim());
		if (token == null) {
			throw SandboxRpcException.unauthenticated("The token is invalid or has expired.");
		}
		SandboxWorld world = this.worlds.world(token.persona())
			.orElseThrow(() -> SandboxRpcException.unauthenticated("The token is invalid or has expired."));
		pace(world, read);
		return new Caller(world, token.subjectId(), token.subjectType(), SandboxLatency.answerAt(request));
	}

	/** The slow persona waits on every call; the flaky one rate-limits every third read. */
	void pace(SandboxWorld world, boolean read) {
		if (world.persona.slow()) {
			sleep(this.properties.slowDelay());
		}
		if (read && world.persona.flaky()) {
			synchronized (world) {
				world.reads++;
				if (world.reads % 3 == 0) {
					String seconds = String.valueOf(this.properties.retryAfter().toSeconds());
					throw new SandboxRpcException(Code.RESOURCE_EXHAUSTED,
							"Request rate limit exceeded, retry after " + seconds + " s", Map.of("Retry-After", seconds));
				}
			}
		}
	}

	static void sleep(Duration delay) {
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// ---- authorization ----

	/** The caller needs one of {@code anyOf} on the folder (directly or through its cloud). */
	static void requireRole(Caller caller, String folderId, Set<String> anyOf, String permission) {
		Set<String> held = caller.world().rolesOn(folderId, caller.subjectId(), Instant.now());
		if (held.stream().noneMatch(anyOf::contains)) {
			throw SandboxRpcException.denied("Permission denied: " + permission + " on folder " + folderId
					+ " requires one of the roles " + String.join(", ", anyOf.stream().sorted().toList()));
		}
	}

	/** Whether the caller holds a billing role on the billing account (no role on a cloud or folder counts). */
	static boolean canSeeBilling(Caller caller, String billingAccountId) {
		return caller.world()
			.rolesOnResource(billingAccountId, caller.subjectId(), Instant.now())
			.stream()
			.anyMatch(BILLING_READERS::contains);
	}

	/** Any role at all on the folder lets the caller read it. */
	static void requireAnyRole(Caller caller, String folderId) {
		if (caller.world().rolesOn(folderId, caller.subjectId(), Instant.now()).isEmpty()) {
			throw SandboxRpcException.denied("Permission denied on folder " + folderId);
		}
	}

	// ---- responses ----

	static ResponseEntity<String> json(int status, Object body) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(SandboxJson.write(body));
	}

	static ResponseEntity<String> ok(Object body) {
		return json(200, body);
	}

	// ---- pagination ----

	record Page<T>(List<T> items, String nextPageToken) {
	}

	<T> Page<T> page(List<T> all, String pageSize, String pageToken, int maxTokenLength) {
		long size = DEFAULT_PAGE_SIZE;
		if (pageSize != null && !pageSize.isBlank()) {
			try {
				size = Long.parseLong(pageSize.trim());
			}
			catch (NumberFormatException ex) {
				throw SandboxRpcException.invalid("pageSize: invalid value, expected an integer");
			}
			if (size < 0 || size > 1000) {
				throw SandboxRpcException.invalid("pageSize: value must be in the range 0-1000");
			}
			if (size == 0) {
				size = DEFAULT_PAGE_SIZE;
			}
		}
		size = Math.min(size, Math.max(1, this.properties.maxPageSize()));
		int offset = 0;
		if (pageToken != null && !pageToken.isEmpty()) {
			if (pageToken.length() > maxTokenLength) {
				throw SandboxRpcException.invalid("pageToken: length must be at most " + maxTokenLength);
			}
			offset = decodePageToken(pageToken);
		}
		int from = Math.min(offset, all.size());
		int to = (int) Math.min(all.size(), from + size);
		String next = (to < all.size()) ? encodePageToken(to) : null;
		return new Page<>(List.copyOf(all.subList(from, to)), next);
	}

	private static String encodePageToken(int offset) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("sandbox-page:" + offset).getBytes(StandardCharsets.UTF_8));
	}

	private static int decodePageToken(String token) {
		try {
			String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
			if (raw.startsWith("sandbox-page:")) {
				int offset = Integer.parseInt(raw.substring("sandbox-page:".length()));
				if (offset >= 0) {
					return offset;
				}
			}
		}
		catch (IllegalArgumentException ex) {
			// fall through
		}
		throw SandboxRpcException.invalid("pageToken: invalid page token");
	}

	// ---- mutations: Idempotency-Key, flaky failures, Operations ----

	/** The result of a mutation: an Operation, or a synchronous response body. */
	record Outcome(OpRec operation, Object body) {

		static Outcome of(OpRec operation) {
			return new Outcome(operation, null);
		}

		static Outcome body(Object body) {
			return new Outcome(null, body);
		}

	}

	/**
	 * Runs a mutation once per Idempotency-Key: a replay with the same request gets the first result (for an
	 * Operation, its current state), a replay with a different request is INVALID_ARGUMENT. A key is remembered for
	 * {@code app.sandbox.idempotency-retention} only, since a synchronous answer kept for replay may carry a secret
	 * (an API key's, an authorized key's private key); after that the same key starts a new mutation. For the flaky
	 * persona the first mutation of each kind is applied and then answered with UNAVAILABLE.
	 */
	ResponseEntity<String> mutate(Caller caller, HttpServletRequest request, String body, String kind,
			Supplier<Outcome> action) {
		SandboxWorld world = caller.world();
		String key = request.getHeader("Idempotency-Key");
		if (key != null && key.isBlank()) {
			key = null;
		}
		if (key != null && key.length() > 128) {
			throw SandboxRpcException.invalid("Idempotency-Key: length must be at most 128");
		}
		String target = request.getMethod() + " " + request.getRequestURI() + "?"
				+ (request.getQueryString() != null ? request.getQueryString() : "");
		Object tree = SandboxJson.tree(body);
		synchronized (world) {
			if (key != null) {
				IdempotencyRec seen = world.idempotency.get(key);
				if (seen != null) {
					if (!seen.target().equals(target) || !seen.request().equals(tree)) {
						throw SandboxRpcException
							.invalid("Idempotency-Key was already used with a different request; use a new key");
					}
					if (seen.operationId() != null) {
						return ok(view(world.operations.get(seen.operationId())));
					}
					return ResponseEntity.status(seen.status())
						.contentType(MediaType.APPLICATION_JSON)
						.body(seen.body());
				}
			}
			Outcome outcome = action.get();
			ResponseEntity<String> response;
			IdempotencyRec rec;
			Instant forgetAt = this.worlds.now().plus(this.properties.idempotencyRetention());
			if (outcome.operation() != null) {
				response = ok(view(outcome.operation()));
				rec = new IdempotencyRec(target, tree, outcome.operation().id, 200, null, forgetAt);
			}
			else {
				response = ok(outcome.body());
				rec = new IdempotencyRec(target, tree, null, 200, response.getBody(), forgetAt);
			}
			if (key != null) {
				world.idempotency.put(key, rec);
			}
			if (world.persona.flaky() && world.failedOnce.add(kind)) {
				throw new SandboxRpcException(Code.UNAVAILABLE, "The service is temporarily unavailable, try again");
			}
			return response;
		}
	}

	/** A new Operation; call while holding the world's monitor. */
	OpRec newOperation(Caller caller, String idPrefix, String description, Map<String, Object> metadata,
			Map<String, Object> response, SandboxWire.Status error) {
		OpRec op = new OpRec();
		op.id = this.worlds.newId(idPrefix);
		op.description = description;
		op.createdAt = Instant.now();
		op.modifiedAt = op.createdAt;
		op.createdBy = caller.subjectId();
		op.metadata = metadata;
		op.response = response;
		op.error = error;
		op.pollsNeeded = Math.max(caller.world().persona.flaky() ? 4 : 1, this.properties.operationPolls());
		// The duration runs from when the caller learns of the operation: the creating call's answer, at the earliest.
		op.notBefore = caller.answeredAt().plus(this.properties.operationDuration());
		caller.world().operations.put(op.id, op);
		return op;
	}

	/** How an Operation looks now: the response or error only once it is done. */
	static SandboxWire.Operation view(OpRec op) {
		boolean done = op.done();
		return new SandboxWire.Operation(op.id, op.description, op.createdAt.toString(), op.createdBy,
				op.modifiedAt.toString(), done, op.metadata, done ? op.error : null,
				(done && op.error == null) ? op.response : null);
	}

	static SandboxWire.Status status(Code code, String message, String requestId) {
		return new SandboxWire.Status(code.number, message, List.of(
				Map.of("@type", "type.googleapis.com/google.rpc.RequestInfo", "requestId", requestId)));
	}

	static ResponseEntity<String> error(SandboxRpcException ex, String requestId) {
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(ex.code().http)
			.contentType(MediaType.APPLICATION_JSON);
		ex.headers().forEach(builder::header);
		return builder.body(SandboxJson.write(status(ex.code(), ex.getMessage(), requestId)));
	}

}
