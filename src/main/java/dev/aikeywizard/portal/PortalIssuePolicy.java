package dev.aikeywizard.portal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.aikeywizard.cloud.ApiKey;
import dev.aikeywizard.cloud.ApiKeyApi;
import dev.aikeywizard.cloud.Folder;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.ResourceManagerApi;
import dev.aikeywizard.cloud.ServiceAccount;
import dev.aikeywizard.cloud.ServiceAccountApi;
import dev.aikeywizard.wizard.IssuePolicy;
import dev.aikeywizard.wizard.PolicyException;
import dev.aikeywizard.wizard.Upstream;
import dev.aikeywizard.wizard.serviceaccount.ServiceAccounts;

/**
 * The organisation's policy ({@code app.portal.*}): the folders, roles and scopes it allows, the longest expiry (and
 * an expiry always), one service account per staff member and folder named from their login, and a cap on the
 * unexpired keys a staff member holds on their accounts.
 */
final class PortalIssuePolicy implements IssuePolicy {

	/**
	 * Service-account names are at most 63 characters; the staff member's name leaves room for the {@code -2} ...
	 * {@code -10} a second folder of the same cloud needs (names are unique per cloud).
	 */
	private static final int NAME_MAX = 63 - 3;

	private final PortalProperties properties;

	private final ServiceAccountApi serviceAccounts;

	private final ApiKeyApi apiKeys;

	private final ResourceManagerApi resourceManager;

	private final Upstream upstream;

	private final Clock clock;

	PortalIssuePolicy(PortalProperties properties, ServiceAccountApi serviceAccounts, ApiKeyApi apiKeys,
			ResourceManagerApi resourceManager, Upstream upstream, Clock clock) {
		this.resourceManager = resourceManager;
		this.properties = properties;
		this.serviceAccounts = serviceAccounts;
		this.apiKeys = apiKeys;
		this.upstream = upstream;
		this.clock = clock;
	}

	@Override
	public boolean allowsFolder(String folderId) {
		return this.properties.folders().isEmpty() || this.properties.folders().contains(folderId);
	}

	@Override
	public boolean allowsRole(String roleId) {
		return this.properties.roles().contains(roleId);
	}

	@Override
	public boolean allowsScope(String scopeId) {
		return this.properties.scopes().contains(scopeId);
	}

	@Override
	public Optional<Duration> maxKeyLifetime() {
		return Optional.of(this.properties.maxExpiry());
	}

	@Override
	public Optional<String> serviceAccountName(String login) {
		return Optional.of(accountName(this.properties.serviceAccountPrefix(), login));
	}

	/**
	 * {@code prefix + login} as a name ({@link ServiceAccounts#slug}), cut to leave room for a {@code -NN} suffix,
	 * starting with a letter and ending with a letter or digit.
	 */
	static String accountName(String prefix, String login) {
		String raw = ServiceAccounts.slug(prefix + ((login != null) ? login : ""));
		if (raw.isEmpty() || !Character.isLetter(raw.charAt(0))) {
			raw = "u" + raw;
		}
		if (raw.length() > NAME_MAX) {
			raw = raw.substring(0, NAME_MAX);
		}
		return raw.replaceAll("-+$", "");
	}

	/**
	 * Counts the unexpired keys on the staff member's own service accounts (those the desk made for them) in the
	 * policy's folders, or, when the policy names none, in every ACTIVE folder of the chosen folder's cloud.
	 */
	@Override
	public void checkAnotherKey(IamToken token, String userId, String folderId) {
		Set<String> folders = new LinkedHashSet<>(this.properties.folders());
		if (folders.isEmpty()) {
			Folder chosen = this.upstream.await(this.resourceManager.getFolder(token, folderId));
			this.upstream.await(this.resourceManager.listFolders(token, chosen.cloudId()))
				.stream()
				.filter(Folder::isActive)
				.forEach((folder) -> folders.add(folder.id()));
			folders.add(folderId);
		}
		Instant now = this.clock.instant();
		int held = 0;
		for (String folder : folders) {
			List<ServiceAccount> accounts = this.upstream.await(this.serviceAccounts.list(token, folder));
			for (ServiceAccount account : accounts) {
				if (!ServiceAccounts.madeFor(account, userId)) {
					continue;
				}
				List<ApiKey> keys = this.upstream.await(this.apiKeys.list(token, account.id()));
				held += (int) keys.stream()
					.filter((key) -> key.expiresAt() == null || key.expiresAt().isAfter(now))
					.count();
			}
		}
		if (held >= this.properties.keysPerUser()) {
			throw new PolicyException("policy.keysPerUser", String.valueOf(this.properties.keysPerUser()));
		}
	}

	@Override
	public boolean managesAccount(ServiceAccount account, String userId) {
		return allowsFolder(account.folderId()) && ServiceAccounts.madeFor(account, userId);
	}

	@Override
	public boolean allowsLockbox() {
		// The desk's account would write the secret into the shared folder, where the member cannot read it and
		// anyone with lockbox.payloadViewer there could.
		return false;
	}

	@Override
	public boolean showsBillingDetails() {
		return false;
	}

}
