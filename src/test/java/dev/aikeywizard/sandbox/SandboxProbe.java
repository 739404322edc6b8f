package dev.aikeywizard.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Test-only window into the emulator's state, for tests outside this package: the credentials it handed out (so a
 * test can search for them where they must never be) and, per persona, how many things the cloud holds (so a test
 * can prove that nothing was created, bound or deleted).
 */
public final class SandboxProbe {

	private SandboxProbe() {
	}

	/** Every Yandex ID / Yandex Cloud OAuth access token and refresh token handed out since the last reset. */
	public static Set<String> oauthTokens(SandboxWorlds worlds) {
		Set<String> tokens = new TreeSet<>(worlds.oauthTokens.keys());
		tokens.addAll(worlds.refreshTokens.keys());
		return tokens;
	}

	/** Every IAM token handed out since the last reset. */
	public static Set<String> iamTokens(SandboxWorlds worlds) {
		return new TreeSet<>(worlds.iamTokens.keys());
	}

	/** Per persona: service accounts, role bindings, API keys and operations, e.g. {@code ready=[1, 2, 1, 3]}. */
	public static Map<String, List<Integer>> counts(SandboxWorlds worlds) {
		Map<String, List<Integer>> counts = new LinkedHashMap<>();
		for (SandboxWorld world : worlds.all()) {
			synchronized (world) {
				counts.put(world.persona.name(), List.of(world.serviceAccounts.size(), world.bindings.size(),
						world.apiKeys.size(), world.operations.size()));
			}
		}
		return counts;
	}

	/** Ids of every folder of a persona with the given status (ACTIVE, PENDING_DELETION). */
	public static List<String> folderIds(SandboxWorlds worlds, String persona, String status) {
		SandboxWorld world = worlds.world(persona).orElseThrow();
		synchronized (world) {
			return world.folders.stream().filter((f) -> f.status.equals(status)).map((f) -> f.id).toList();
		}
	}

	/** The cloud ids of a persona. */
	public static List<String> cloudIds(SandboxWorlds worlds, String persona) {
		SandboxWorld world = worlds.world(persona).orElseThrow();
		synchronized (world) {
			return world.clouds.stream().map((c) -> c.id).toList();
		}
	}

	/** The service account ids of a persona, optionally only those in one folder. */
	public static List<String> serviceAccountIds(SandboxWorlds worlds, String persona) {
		SandboxWorld world = worlds.world(persona).orElseThrow();
		synchronized (world) {
			return world.serviceAccounts.stream().map((s) -> s.id).toList();
		}
	}

	/** The Yandex user id of each persona (the name the app keys a signed-in user's credentials by). */
	public static Map<String, String> userIds() {
		Map<String, String> ids = new LinkedHashMap<>();
		SandboxWorlds.PERSONAS.forEach((p) -> ids.put(p.name(), p.uid()));
		return ids;
	}

	/** The Yandex ID login of each persona. */
	public static Map<String, String> logins() {
		Map<String, String> logins = new LinkedHashMap<>();
		SandboxWorlds.PERSONAS.forEach((p) -> logins.put(p.name(), p.login()));
		return logins;
	}

	/** What one persona's world holds now: service accounts, folder role bindings and API keys (never a secret). */
	public record World(List<Sa> serviceAccounts, List<Binding> bindings, List<Key> keys, List<String> folderIds) {

		public Optional<Sa> serviceAccount(String id) {
			return this.serviceAccounts.stream().filter((sa) -> sa.id().equals(id)).findFirst();
		}

		public Optional<Key> key(String id) {
			return this.keys.stream().filter((k) -> k.id().equals(id)).findFirst();
		}

		/** The roles bound to a service account directly on a folder. */
		public Set<String> rolesOn(String folderId, String serviceAccountId) {
			Set<String> roles = new TreeSet<>();
			for (Binding b : this.bindings) {
				if (b.resourceId().equals(folderId) && b.subjectId().equals(serviceAccountId)) {
					roles.add(b.roleId());
				}
			}
			return roles;
		}

	}

	public record Sa(String id, String name, String folderId) {
	}

	public record Binding(String resourceId, String roleId, String subjectType, String subjectId) {
	}

	public record Key(String id, String serviceAccountId, List<String> scopes) {
	}

	/** A copy of one persona's world as it is now. */
	public static World world(SandboxWorlds worlds, String persona) {
		SandboxWorld world = worlds.world(persona).orElseThrow();
		synchronized (world) {
			return new World(
					world.serviceAccounts.stream().map((sa) -> new Sa(sa.id, sa.name, sa.folderId)).toList(),
					world.bindings.stream()
						.map((b) -> new Binding(b.resourceId, b.roleId, b.subjectType, b.subjectId))
						.toList(),
					world.apiKeys.stream()
						.map((k) -> new Key(k.id, k.serviceAccountId, (k.scopes != null) ? List.copyOf(k.scopes)
								: List.of()))
						.toList(),
					world.folders.stream().map((f) -> f.id).toList());
		}
	}

	/** Who made each operation of a persona's world (the subject id of the caller), in no particular order. */
	public static List<String> operationCreators(SandboxWorlds worlds, String persona) {
		SandboxWorld world = worlds.world(persona).orElseThrow();
		synchronized (world) {
			return world.operations.values().stream().map((op) -> op.createdBy).toList();
		}
	}

	/** Deletes every authorized key of a persona's world (as {@code yc iam key delete} would): their JWTs are refused. */
	public static void removeAuthorizedKeys(SandboxWorlds worlds, String persona) {
		SandboxWorld world = worlds.world(persona).orElseThrow();
		synchronized (world) {
			world.authorizedKeys.clear();
		}
	}

	/** The operator service account of the sandbox organisation a key desk serves (portal mode). */
	public static final String OPERATOR_SERVICE_ACCOUNT = SandboxOperatorKey.SERVICE_ACCOUNT_ID;

	/** The persona whose world is that organisation. */
	public static final String ORGANISATION = SandboxWorlds.ORGANISATION.name();

	/** The persona and id of the key with this secret, if the sandbox issued it. */
	public static Optional<Map.Entry<String, String>> keyOfSecret(SandboxWorlds worlds, String secret) {
		SandboxWorlds.KeyRef ref = worlds.keyIndex.get(SandboxWorlds.sha256(secret));
		return (ref != null) ? Optional.of(Map.entry(ref.persona(), ref.keyId())) : Optional.empty();
	}

	/**
	 * Fault injection: the cloud forgets every unfinished operation of a persona (a later get answers NOT_FOUND, for
	 * good), and the Idempotency-Keys that led to them. What the operations did stays done. Returns how many.
	 */
	public static int loseOperationsInFlight(SandboxWorlds worlds, String persona) {
		SandboxWorld world = worlds.world(persona).orElseThrow();
		synchronized (world) {
			Set<String> lost = new TreeSet<>();
			world.operations.values().removeIf((op) -> {
				boolean running = !op.done();
				if (running) {
					lost.add(op.id);
				}
				return running;
			});
			world.idempotency.removeIf((rec) -> rec.operationId() != null && lost.contains(rec.operationId()));
			return lost.size();
		}
	}

}
