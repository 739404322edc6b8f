package dev.aikeywizard.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import dev.aikeywizard.sandbox.SandboxWorld.AuthorizedKeyRec;
import dev.aikeywizard.sandbox.SandboxWorld.BillingRec;
import dev.aikeywizard.sandbox.SandboxWorld.BindingRec;
import dev.aikeywizard.sandbox.SandboxWorld.CloudRec;
import dev.aikeywizard.sandbox.SandboxWorld.FolderRec;
import dev.aikeywizard.sandbox.SandboxWorld.Persona;
import dev.aikeywizard.sandbox.SandboxWorld.SaRec;

/**
 * The store of every persona's world plus the credentials the emulator has handed out (authorization codes, OAuth
 * tokens, IAM tokens, an index of API-key secret hashes). Thread-safe; {@link #reset()} puts everything back to the
 * seeded state. The lifetimes of the credentials are measured with its {@link #now() clock}, which tests can move;
 * a credential is forgotten once it expires, and each kind is bounded (see {@link SandboxExpiringMap}).
 */
public final class SandboxWorlds {

	static final List<Persona> PERSONAS = List.of(
			new Persona("ready", "1984526703", "anna.petrova", "Anna", "Petrova", "female",
					"Everything in place: active billing account bound to the cloud, three folders, you are admin."),
			new Persona("trial", "1984526711", "ivan.smirnov", "Ivan", "Smirnov", "male",
					"A trial billing account (active); otherwise like ready."),
			new Persona("nobilling", "1984526729", "olga.kuznetsova", "Olga", "Kuznetsova", "female",
					"The only billing account bound to the cloud is not active."),
			new Persona("viewer", "1984526737", "dmitry.volkov", "Dmitry", "Volkov", "male",
					"Only the viewer role: reads work, every change is PERMISSION_DENIED. Someone else's service account"
							+ " ci-deployer has a key there."),
			new Persona("flaky", "1984526745", "sergey.popov", "Sergey", "Popov", "male",
					"The first change of each kind fails with UNAVAILABLE after being applied; every third read is"
							+ " rate-limited; operations need 4 polls."),
			new Persona("slow", "1984526753", "maria.sokolova", "Maria", "Sokolova", "female",
					"Every call is delayed."),
			new Persona("managed", "1984526761", "elena.morozova", "Elena", "Morozova", "female",
					"The organisation pays: the cloud is bound to an active billing account, but you hold no billing"
							+ " role on it, so the account list is empty and the account itself is PERMISSION_DENIED;"
							+ " you are admin on the cloud."),
			new Persona("taken", "1984526779", "pavel.orlov", "Pavel", "Orlov", "male",
					"The suggested service-account name (ai-<login>-<today, UTC>) already exists in the folder"
							+ " ml-experiments, made by someone else; otherwise like ready."),
			new Persona("keeper", "1984526787", "nina.lebedeva", "Nina", "Lebedeva", "female",
					"Keys already exist: the service account ai-chatbot in the folder default (ai.languageModels.user)"
							+ " has a key used an hour ago, one never used, and one not used for 45 days that expires"
							+ " in 5 days; ci-deployer (no AI role, no key) is there too. Otherwise like ready."),
			new Persona("staff", "1984526803", "alexey.ivanov", "Alexey", "Ivanov", "male",
					"Staff of Northwind (portal mode): on the key desk's allow-list; IAM refuses this app's token, so"
							+ " the desk acts with its own service account in the organisation's cloud."),
			new Persona("outsider", "1984526811", "nikita.belov", "Nikita", "Belov", "male",
					"Not on the key desk's allow-list (portal mode): gets the \"not allowed\" page, and no cloud is"
							+ " called; IAM refuses this app's token."),
			new Persona("nolockbox", "1984526838", "irina.lebedeva", "Irina", "Lebedeva", "female",
					"iam.admin on the cloud instead of admin: service accounts, roles and keys work, but writing a"
							+ " key into Lockbox is PERMISSION_DENIED (no lockbox.editor)."),
			new Persona("policy", "1984526846", "nikolay.kozlov", "Nikolay", "Kozlov", "male",
					"An access policy on the folders forbids API keys for service accounts: creating one is"
							+ " PERMISSION_DENIED although you are admin."));

	/**
	 * The organisation a key desk (portal mode) serves: not a sign-in, but the world its operator service account
	 * ({@link SandboxOperatorKey#SERVICE_ACCOUNT_ID}) lives and acts in.
	 */
	static final Persona ORGANISATION = new Persona("northwind", "1984526820", "northwind-cloud-admin", "Northwind",
			"Analytics", "", "The organisation's cloud: folders team-ml and team-search, an active billing account,"
					+ " and the key desk's operator service account (admin on the cloud).");

	/** The operator's service account: may manage the cloud's folders and see the billing account. */
	static final String OPERATOR_NAME = "ai-key-desk";

	static final Duration IAM_TOKEN_LIFETIME = Duration.ofHours(12);

	static final Duration OAUTH_TOKEN_LIFETIME = Duration.ofDays(365);

	static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

	private static final char[] ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

	private static final char[] ALNUM_MIXED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
		.toCharArray();

	private final SecureRandom random = new SecureRandom();

	private final Clock clock;

	private final int maxEntries;

	private volatile Map<String, SandboxWorld> worlds;

	/** The operator's authorized public key (from its key file), or null when none was written. */
	private final RSAPublicKey operatorKey;

	final SandboxExpiringMap<String, CodeRec> codes;

	final SandboxExpiringMap<String, OAuthRec> oauthTokens;

	final SandboxExpiringMap<String, RefreshRec> refreshTokens;

	final SandboxExpiringMap<String, IamRec> iamTokens;

	/** secret hash → (persona, key id). */
	final Map<String, KeyRef> keyIndex = new ConcurrentHashMap<>();

	/**
	 * @param clock what credential lifetimes are measured with
	 * @param maxEntries the most codes, OAuth tokens, refresh tokens and IAM tokens kept (each), and Idempotency-Keys
	 * per persona, the oldest dropped
	 */
	SandboxWorlds(Clock clock, int maxEntries) {
		this(clock, maxEntries, null);
	}

	/**
	 * @param operatorKey the public key of the organisation operator's authorized key, null for none
	 */
	SandboxWorlds(Clock clock, int maxEntries, RSAPublicKey operatorKey) {
		this.clock = clock;
		this.maxEntries = maxEntries;
		this.operatorKey = operatorKey;
		this.codes = new SandboxExpiringMap<>(maxEntries, clock, CodeRec::expiresAt);
		this.oauthTokens = new SandboxExpiringMap<>(maxEntries, clock, OAuthRec::expiresAt);
		this.refreshTokens = new SandboxExpiringMap<>(maxEntries, clock, RefreshRec::expiresAt);
		this.iamTokens = new SandboxExpiringMap<>(maxEntries, clock, IamRec::expiresAt);
		reset();
	}

	/** The emulator's time: what credential lifetimes are measured with. */
	Instant now() {
		return this.clock.instant();
	}

	/** Forget every change and every credential handed out, and seed each persona's world again. */
	public synchronized void reset() {
		this.codes.clear();
		this.oauthTokens.clear();
		this.refreshTokens.clear();
		this.iamTokens.clear();
		this.keyIndex.clear();
		Map<String, SandboxWorld> fresh = new LinkedHashMap<>();
		for (Persona persona : PERSONAS) {
			fresh.put(persona.name(), seed(persona));
		}
		fresh.put(ORGANISATION.name(), seedOrganisation());
		this.worlds = fresh;
	}

	Collection<SandboxWorld> all() {
		return this.worlds.values();
	}

	Optional<SandboxWorld> world(String persona) {
		return Optional.ofNullable(this.worlds.get(persona));
	}

	// ---- ids and secrets ----

	/** A server-style id: the prefix and then lowercase letters and digits, 20 characters in all. */
	String newId(String prefix) {
		return prefix + randomString(this.random, ALNUM, 20 - prefix.length());
	}

	String randomToken(int bytes) {
		byte[] raw = new byte[bytes];
		this.random.nextBytes(raw);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
	}

	String randomAlnum(int length) {
		return randomString(this.random, ALNUM_MIXED, length);
	}

	static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String randomString(Random random, char[] alphabet, int length) {
		StringBuilder sb = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			sb.append(alphabet[random.nextInt(alphabet.length)]);
		}
		return sb.toString();
	}

	// ---- seeding ----

	private SandboxWorld seed(Persona persona) {
		// Seeded ids are stable across restarts, so the dashboard and manual sessions stay recognisable.
		Random ids = new Random(persona.name().hashCode());
		Instant now = Instant.now();
		Instant created = Instant.parse("2024-03-18T09:41:27.512Z").plus(Duration.ofDays(persona.name().length()));
		SandboxWorld world = new SandboxWorld(persona, this.clock, this.maxEntries);

		CloudRec cloud = new CloudRec();
		cloud.id = "b1g" + randomString(ids, ALNUM, 17);
		cloud.name = "cloud-" + persona.login().replace('.', '-');
		cloud.description = "";
		cloud.organizationId = "bpf" + randomString(ids, ALNUM, 17);
		cloud.createdAt = created;
		world.clouds.add(cloud);

		world.folders.add(folder(ids, cloud, "default", "ACTIVE", created.plusSeconds(3)));
		world.folders.add(folder(ids, cloud, "ml-experiments", "ACTIVE", created.plus(Duration.ofDays(40))));
		world.folders.add(folder(ids, cloud, "old-staging", "PENDING_DELETION", created.plus(Duration.ofDays(90))));

		BillingRec billing = new BillingRec();
		billing.id = "dn2" + randomString(ids, ALNUM, 17);
		billing.createdAt = created.minus(Duration.ofDays(1));
		billing.countryCode = "RU";
		billing.currency = "RUB";
		switch (persona.name()) {
			case "trial" -> {
				billing.name = "Trial account " + persona.login();
				billing.active = true;
				billing.balance = "4000.00";
			}
			case "nobilling" -> {
				billing.name = "Billing account " + persona.login();
				billing.active = false;
				billing.balance = "-127.40";
			}
			case "managed" -> {
				billing.name = "Northwind Analytics LLC";
				billing.active = true;
				billing.balance = "248310.00";
			}
			default -> {
				billing.name = "Billing account " + persona.login();
				billing.active = true;
				billing.balance = "1520.35";
			}
		}
		billing.boundClouds.put(cloud.id, created.plusSeconds(60));
		world.billingAccounts.add(billing);

		// Who can see the billing account: its owner. In "managed" that is the organisation's accountant, and the
		// persona holds no billing role at all (reference §13, "Billing visibility").
		BindingRec billingOwner = new BindingRec();
		billingOwner.resourceId = billing.id;
		billingOwner.roleId = "billing.accounts.owner";
		billingOwner.subjectId = "managed".equals(persona.name()) ? "aje" + randomString(ids, ALNUM, 17)
				: persona.uid();
		billingOwner.subjectType = "userAccount";
		billingOwner.effectiveAt = billing.createdAt;
		world.bindings.add(billingOwner);

		BindingRec owner = new BindingRec();
		owner.resourceId = cloud.id;
		owner.roleId = switch (persona.name()) {
			case "viewer" -> "viewer";
			case "nolockbox" -> "iam.admin";
			default -> "admin";
		};
		world.apiKeysForbidden = "policy".equals(persona.name());
		owner.subjectId = persona.uid();
		owner.subjectType = "userAccount";
		owner.effectiveAt = created;
		world.bindings.add(owner);

		if ("viewer".equals(persona.name())) {
			// Something to read: a service account somebody else made.
			SaRec sa = new SaRec();
			sa.id = "aje" + randomString(ids, ALNUM, 17);
			sa.folderId = world.folders.get(0).id;
			sa.name = "ci-deployer";
			sa.description = "Created by the cloud owner";
			sa.labels = Map.of();
			sa.createdAt = created.plus(Duration.ofDays(7));
			world.serviceAccounts.add(sa);
			BindingRec editor = new BindingRec();
			editor.resourceId = sa.folderId;
			editor.roleId = "editor";
			editor.subjectId = sa.id;
			editor.subjectType = "serviceAccount";
			editor.effectiveAt = now;
			world.bindings.add(editor);
			// and its key, which the viewer can list but not revoke, change or rotate
			seedKey(world, ids, sa, "CI deploys", created.plus(Duration.ofDays(8)), now.plus(Duration.ofDays(60)),
					now.minus(Duration.ofDays(3)));
		}
		if ("taken".equals(persona.name())) {
			// The name the wizard suggests today, already taken in another folder of the same cloud.
			LocalDate today = LocalDate.now(ZoneOffset.UTC);
			Instant startOfDay = today.atStartOfDay(ZoneOffset.UTC).toInstant();
			SaRec sa = new SaRec();
			sa.id = "aje" + randomString(ids, ALNUM, 17);
			sa.folderId = world.folders.get(1).id;
			sa.name = suggestedServiceAccountName(persona.login(), today);
			sa.description = "Created by a teammate (nikita.belov) for the ml-experiments pipeline, not by you";
			sa.labels = Map.of();
			sa.createdAt = startOfDay.plus(Duration.between(startOfDay, now).dividedBy(2));
			world.serviceAccounts.add(sa);
		}
		if ("keeper".equals(persona.name())) {
			seedKeeper(world, ids, created, now);
		}
		return world;
	}

	/** The keeper's existing keys: their secrets are random and known to nobody (they were shown once, long ago). */
	private void seedKeeper(SandboxWorld world, Random ids, Instant created, Instant now) {
		String folderId = world.folders.get(0).id;
		SaRec bot = new SaRec();
		bot.id = "aje" + randomString(ids, ALNUM, 17);
		bot.folderId = folderId;
		bot.name = "ai-chatbot";
		bot.description = "Support chatbot";
		bot.labels = Map.of();
		bot.createdAt = created.plus(Duration.ofDays(10));
		world.serviceAccounts.add(bot);
		BindingRec role = new BindingRec();
		role.resourceId = folderId;
		role.roleId = "ai.languageModels.user";
		role.subjectId = bot.id;
		role.subjectType = "serviceAccount";
		role.effectiveAt = bot.createdAt;
		world.bindings.add(role);
		SaRec ci = new SaRec();
		ci.id = "aje" + randomString(ids, ALNUM, 17);
		ci.folderId = folderId;
		ci.name = "ci-deployer";
		ci.description = "Deploys from CI; no AI role";
		ci.labels = Map.of();
		ci.createdAt = created.plus(Duration.ofDays(11));
		world.serviceAccounts.add(ci);
		BindingRec ciRole = new BindingRec();
		ciRole.resourceId = folderId;
		ciRole.roleId = "storage.editor";
		ciRole.subjectId = ci.id;
		ciRole.subjectType = "serviceAccount";
		ciRole.effectiveAt = ci.createdAt;
		world.bindings.add(ciRole);
		seedKey(world, ids, bot, "production", now.minus(Duration.ofDays(60)), now.plus(Duration.ofDays(200)),
				now.minus(Duration.ofHours(1)));
		seedKey(world, ids, bot, "staging", now.minus(Duration.ofDays(20)), now.plus(Duration.ofDays(90)), null);
		seedKey(world, ids, bot, "old demo", now.minus(Duration.ofDays(360)), now.plus(Duration.ofDays(5)),
				now.minus(Duration.ofDays(45)));
	}

	private void seedKey(SandboxWorld world, Random ids, SaRec sa, String description, Instant createdAt,
			Instant expiresAt, Instant lastUsedAt) {
		String secret = "AQVN" + randomAlnum(36);
		SandboxWorld.KeyRec key = new SandboxWorld.KeyRec();
		key.id = "aje" + randomString(ids, ALNUM, 17);
		key.serviceAccountId = sa.id;
		key.createdAt = createdAt;
		key.description = description;
		key.scopes = List.of("yc.ai.languageModels.execute");
		key.expiresAt = expiresAt;
		key.lastUsedAt = lastUsedAt;
		key.secretHash = sha256(secret);
		key.maskedSecret = "****" + secret.substring(secret.length() - 6);
		world.apiKeys.add(key);
		this.keyIndex.put(key.secretHash, new KeyRef(world.persona.name(), key.id));
	}

	/**
	 * The organisation's cloud: two team folders, an active billing account owned by its accountant, and the operator
	 * service account, admin on the cloud and viewer of the billing account, with its authorized key when one was
	 * written.
	 */
	private SandboxWorld seedOrganisation() {
		Random ids = new Random(ORGANISATION.name().hashCode());
		Instant created = Instant.parse("2023-11-02T07:15:03.201Z");
		SandboxWorld world = new SandboxWorld(ORGANISATION, this.clock, this.maxEntries);
		CloudRec cloud = new CloudRec();
		cloud.id = "b1g" + randomString(ids, ALNUM, 17);
		cloud.name = "northwind-ai";
		cloud.description = "Northwind Analytics: AI workloads";
		cloud.organizationId = "bpf" + randomString(ids, ALNUM, 17);
		cloud.createdAt = created;
		world.clouds.add(cloud);
		world.folders.add(folder(ids, cloud, "team-ml", "ACTIVE", created.plus(Duration.ofDays(2))));
		world.folders.add(folder(ids, cloud, "team-search", "ACTIVE", created.plus(Duration.ofDays(5))));

		BillingRec billing = new BillingRec();
		billing.id = "dn2" + randomString(ids, ALNUM, 17);
		billing.name = "Northwind Analytics LLC";
		billing.createdAt = created.minus(Duration.ofDays(1));
		billing.countryCode = "RU";
		billing.currency = "RUB";
		billing.active = true;
		billing.balance = "1204500.00";
		billing.boundClouds.put(cloud.id, created.plusSeconds(60));
		world.billingAccounts.add(billing);
		world.bindings.add(binding(billing.id, "billing.accounts.owner", "aje" + randomString(ids, ALNUM, 17),
				"userAccount", billing.createdAt));
		world.bindings.add(binding(cloud.id, "admin", ORGANISATION.uid(), "userAccount", created));

		SaRec operator = new SaRec();
		operator.id = SandboxOperatorKey.SERVICE_ACCOUNT_ID;
		operator.folderId = world.folders.get(0).id;
		operator.name = OPERATOR_NAME;
		operator.description = "The AI key desk: issues staff keys under the organisation's policy";
		operator.labels = Map.of();
		operator.createdAt = created.plus(Duration.ofDays(10));
		world.serviceAccounts.add(operator);
		world.bindings.add(binding(cloud.id, "admin", operator.id, "serviceAccount", operator.createdAt));
		world.bindings.add(binding(billing.id, "billing.accounts.viewer", operator.id, "serviceAccount",
				operator.createdAt));
		if (this.operatorKey != null) {
			AuthorizedKeyRec key = new AuthorizedKeyRec();
			key.id = SandboxOperatorKey.KEY_ID;
			key.serviceAccountId = operator.id;
			key.createdAt = operator.createdAt;
			key.description = "key desk";
			key.keyAlgorithm = "RSA_2048";
			key.publicKey = this.operatorKey;
			world.authorizedKeys.add(key);
		}
		return world;
	}

	private static BindingRec binding(String resourceId, String roleId, String subjectId, String subjectType,
			Instant effectiveAt) {
		BindingRec binding = new BindingRec();
		binding.resourceId = resourceId;
		binding.roleId = roleId;
		binding.subjectId = subjectId;
		binding.subjectType = subjectType;
		binding.effectiveAt = effectiveAt;
		return binding;
	}

	/**
	 * The service-account name the wizard suggests: {@code ai-<login>-<yyyymmdd>}, the login lowercased with every
	 * run of characters outside {@code [a-z0-9-]} replaced by one hyphen and leading or trailing hyphens stripped.
	 */
	static String suggestedServiceAccountName(String login, LocalDate date) {
		String slug = login.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
		return "ai-" + slug + "-" + DateTimeFormatter.BASIC_ISO_DATE.format(date);
	}

	private static FolderRec folder(Random ids, CloudRec cloud, String name, String status, Instant createdAt) {
		FolderRec folder = new FolderRec();
		folder.id = "b1g" + randomString(ids, ALNUM, 17);
		folder.cloudId = cloud.id;
		folder.name = name;
		folder.description = "";
		folder.status = status;
		folder.createdAt = createdAt;
		return folder;
	}

	// ---- credentials handed out ----

	record CodeRec(String persona, String clientId, String redirectUri, String codeChallenge,
			String codeChallengeMethod, String scope, boolean refuseExchange, Instant expiresAt) {
	}

	record OAuthRec(String persona, String clientId, String scope, boolean refuseExchange, Instant expiresAt) {
	}

	/** A refresh token lives as long as its access token (reference §9). */
	record RefreshRec(String accessToken, String clientId, Instant expiresAt) {
	}

	/** An IAM token: whose world, which subject (a user or a service account), until when. */
	record IamRec(String persona, String subjectId, String subjectType, Instant expiresAt) {
	}

	record KeyRef(String persona, String keyId) {
	}

}
