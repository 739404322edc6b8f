package dev.aikeywizard.sandbox;

import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One persona's in-memory world: a Yandex account, its cloud, folders, billing account, service accounts, role
 * bindings, API keys and operations. Every read and write of the mutable state happens while holding this
 * object's monitor.
 */
final class SandboxWorld {

	final Persona persona;

	final List<CloudRec> clouds = new ArrayList<>();

	final List<FolderRec> folders = new ArrayList<>();

	final List<BillingRec> billingAccounts = new ArrayList<>();

	final List<SaRec> serviceAccounts = new ArrayList<>();

	/**
	 * Role bindings on folders, clouds and billing accounts, in insertion order. A billing account's bindings
	 * (billing.accounts.*) are what decide who can see it; a role on the cloud gives none.
	 */
	final List<BindingRec> bindings = new ArrayList<>();

	final List<KeyRec> apiKeys = new ArrayList<>();

	/** Authorized keys of service accounts: what a service account's JWT is verified with. */
	final List<AuthorizedKeyRec> authorizedKeys = new ArrayList<>();

	final Map<String, OpRec> operations = new HashMap<>();

	/** Lockbox secrets with their one version's payload (the emulated cloud keeps it; nothing else does). */
	final List<LockboxRec> lockboxSecrets = new ArrayList<>();

	/** Idempotency-Keys used, each until its record's {@code expiresAt}. */
	final SandboxExpiringMap<String, IdempotencyRec> idempotency;

	/** Kinds of mutation that already failed once with UNAVAILABLE (persona flaky). */
	final Set<String> failedOnce = new HashSet<>();

	long reads;

	/** An access policy on the persona's folders forbids creating API keys for service accounts (persona policy). */
	boolean apiKeysForbidden;

	SandboxWorld(Persona persona, Clock clock, int maxIdempotencyKeys) {
		this.persona = persona;
		this.idempotency = new SandboxExpiringMap<>(maxIdempotencyKeys, clock, IdempotencyRec::expiresAt);
	}

	Optional<FolderRec> folder(String id) {
		return this.folders.stream().filter((f) -> f.id.equals(id)).findFirst();
	}

	Optional<CloudRec> cloud(String id) {
		return this.clouds.stream().filter((c) -> c.id.equals(id)).findFirst();
	}

	Optional<SaRec> serviceAccount(String id) {
		return this.serviceAccounts.stream().filter((s) -> s.id.equals(id)).findFirst();
	}

	Optional<KeyRec> apiKey(String id) {
		return this.apiKeys.stream().filter((k) -> k.id.equals(id)).findFirst();
	}

	Optional<AuthorizedKeyRec> authorizedKey(String id) {
		return this.authorizedKeys.stream().filter((k) -> k.id.equals(id)).findFirst();
	}

	/** The roles a subject holds on a folder, directly or inherited from its cloud, effective at {@code now}. */
	Set<String> rolesOn(String folderId, String subjectId, Instant now) {
		Set<String> roles = new HashSet<>();
		String cloudId = folder(folderId).map((f) -> f.cloudId).orElse(null);
		for (BindingRec b : this.bindings) {
			boolean onResource = b.resourceId.equals(folderId) || b.resourceId.equals(cloudId);
			if (onResource && b.subjectId.equals(subjectId) && !b.effectiveAt.isAfter(now)) {
				roles.add(b.roleId);
			}
		}
		return roles;
	}

	/** The roles a subject holds directly on one resource (e.g. a billing account), effective at {@code now}. */
	Set<String> rolesOnResource(String resourceId, String subjectId, Instant now) {
		Set<String> roles = new HashSet<>();
		for (BindingRec b : this.bindings) {
			if (b.resourceId.equals(resourceId) && b.subjectId.equals(subjectId) && !b.effectiveAt.isAfter(now)) {
				roles.add(b.roleId);
			}
		}
		return roles;
	}

	/** The demo user a world belongs to, and the scenario it plays. */
	public record Persona(String name, String uid, String login, String firstName, String lastName, String sex,
			String scenario) {

		public String displayName() {
			return this.firstName + " " + this.lastName;
		}

		public String email() {
			return this.login + "@yandex.ru";
		}

		boolean flaky() {
			return "flaky".equals(this.name);
		}

		boolean slow() {
			return "slow".equals(this.name);
		}

		/** Signs in only to say who they are (a key desk's staff): IAM refuses every token this app got for them. */
		boolean signInOnly() {
			return "staff".equals(this.name) || "outsider".equals(this.name);
		}

	}

	static final class CloudRec {

		String id;

		String name;

		String description;

		String organizationId;

		Instant createdAt;

	}

	static final class FolderRec {

		String id;

		String cloudId;

		String name;

		String description;

		String status;

		Instant createdAt;

	}

	static final class BillingRec {

		String id;

		String name;

		Instant createdAt;

		String countryCode;

		String currency;

		boolean active;

		String balance;

		/** Bound cloud ids and when they were bound. */
		final Map<String, Instant> boundClouds = new LinkedHashMap<>();

	}

	static final class SaRec {

		String id;

		String folderId;

		String name;

		String description;

		Map<String, String> labels;

		Instant createdAt;

		Instant expiresAt;

	}

	static final class BindingRec {

		String resourceId;

		String roleId;

		String subjectId;

		String subjectType;

		/** When Foundation Models starts honouring it (role propagation). */
		Instant effectiveAt;

	}

	static final class KeyRec {

		String id;

		String serviceAccountId;

		Instant createdAt;

		String description;

		String scope;

		List<String> scopes;

		Instant expiresAt;

		String secretHash;

		String maskedSecret;

		Instant lastUsedAt;

	}

	static final class AuthorizedKeyRec {

		String id;

		String serviceAccountId;

		Instant createdAt;

		String description;

		/** RSA_2048 or RSA_4096. */
		String keyAlgorithm;

		RSAPublicKey publicKey;

	}

	static final class LockboxRec {

		String id;

		String folderId;

		String name;

		String description;

		Instant createdAt;

		String versionId;

		/** Entry key to text value, in the order sent. */
		Map<String, String> payload;

	}

	static final class OpRec {

		String id;

		String description;

		Instant createdAt;

		String createdBy;

		Instant modifiedAt;

		Map<String, Object> metadata;

		Map<String, Object> response;

		SandboxWire.Status error;

		int pollsNeeded;

		int polls;

		/** Not done before this instant, however often it is polled ({@code app.sandbox.operation-duration}). */
		Instant notBefore;

		boolean done() {
			return this.polls >= this.pollsNeeded && (this.notBefore == null || !Instant.now().isBefore(this.notBefore));
		}

	}

	/**
	 * What an Idempotency-Key was first used for, what it produced, and until when it is remembered. The body of a
	 * synchronous answer may hold a secret, so {@code toString()} leaves it out.
	 */
	record IdempotencyRec(String target, Object request, String operationId, int status, String body,
			Instant expiresAt) {

		@Override
		public String toString() {
			return "IdempotencyRec[target=" + this.target + ", operationId=" + this.operationId + ", status="
					+ this.status + ", body=" + ((this.body != null) ? "***" : null) + ", expiresAt=" + this.expiresAt
					+ "]";
		}

	}

}
