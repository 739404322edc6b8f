package dev.aikeywizard.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
		Set<String> tokens = new TreeSet<>(worlds.oauthTokens.keySet());
		tokens.addAll(worlds.refreshTokens.keySet());
		return tokens;
	}

	/** Every IAM token handed out since the last reset. */
	public static Set<String> iamTokens(SandboxWorlds worlds) {
		return new TreeSet<>(worlds.iamTokens.keySet());
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

}
