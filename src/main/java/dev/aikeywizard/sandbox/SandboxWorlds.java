package dev.aikeywizard.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
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
					"Only the viewer role: reads work, every change is PERMISSION_DENIED."),
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
			new Persona("nolockbox", "1984526787", "irina.lebedeva", "Irina", "Lebedeva", "female",
					"iam.admin on the cloud instead of admin: service accounts, roles and keys work, but writing a"
							+ " key into Lockbox is PERMISSION_DENIED (no lockbox.editor)."),
			new Persona("policy", "1984526795", "nikolay.kozlov", "Nikolay", "Kozlov", "male",
					"An access policy on the folders forbids API keys for service accounts: creating one is"
							+ " PERMISSION_DENIED although you are admin."));

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
		this.clock = clock;
		this.maxEntries = maxEntries;
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
		return world;
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
