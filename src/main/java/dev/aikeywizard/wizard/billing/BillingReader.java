package dev.aikeywizard.wizard.billing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.aikeywizard.cloud.BillingAccount;
import dev.aikeywizard.cloud.BillingApi;
import dev.aikeywizard.cloud.Cloud;
import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.Folder;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.ResourceManagerApi;
import dev.aikeywizard.wizard.BillingCheck;
import dev.aikeywizard.wizard.BillingCheck.CloudBilling;
import dev.aikeywizard.wizard.Upstream;
import dev.aikeywizard.wizard.folder.Folders;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Reads billing accounts, the clouds each pays for, and the user's clouds, in parallel; and, beside the accounts'
 * bindings, the folders of the first clouds, which the cloud step shows next (so that it needs no call of its own).
 * An account list the user may not read (or an empty one), or bindings of an account they may not read, are
 * "unknown", not "unpaid"; folders that could not be read are simply read later, by the cloud step.
 */
@Service
class BillingReader {

	private final BillingApi billing;

	private final ResourceManagerApi resourceManager;

	/** How many clouds' folders are read ahead; most users have one cloud, a few several. */
	static final int FOLDERS_READ_AHEAD = 3;

	private final Upstream upstream;

	private final Folders folders;

	BillingReader(BillingApi billing, ResourceManagerApi resourceManager, Upstream upstream, Folders folders) {
		this.billing = billing;
		this.resourceManager = resourceManager;
		this.upstream = upstream;
		this.folders = folders;
	}

	BillingOverview read(IamToken token) {
		Mono<List<AccountClouds>> accounts = this.billing.listBillingAccounts(token)
			.flatMapMany(Flux::fromIterable)
			.flatMapSequential((account) -> this.billing.listBillableObjectBindings(token, account.id())
				.map((bindings) -> new AccountClouds(account, bindings.stream()
					.filter((binding) -> binding.billableObject() != null
							&& "cloud".equals(binding.billableObject().type()))
					.map((binding) -> binding.billableObject().id())
					.toList()))
				// Bindings of an account the user may not read: what it pays for stays unknown.
				.onErrorResume(CloudException.PermissionDeniedException.class,
						(ex) -> Mono.just(new AccountClouds(account, List.of()))))
			.collectList()
			// No billing role at all: no account to show, every cloud's billing unknown.
			.onErrorResume(CloudException.PermissionDeniedException.class, (ex) -> Mono.just(List.of()));
		Mono<CloudsRead> clouds = this.resourceManager.listClouds(token)
			.flatMap((list) -> Flux.fromIterable(list)
				.take(FOLDERS_READ_AHEAD)
				.flatMap((cloud) -> this.folders.readActiveFolders(token, cloud.id())
					.map((active) -> Map.entry(cloud.id(), active))
					// Not readable now: the cloud step reads them again and says why.
					.onErrorResume(CloudException.class, (ex) -> Mono.empty()))
				.collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new)
				.map((folders) -> new CloudsRead(list, folders)));
		var both = this.upstream.await(Mono.zip(accounts, clouds));
		return new BillingOverview(both.getT1(), both.getT2().clouds(), both.getT2().folders());
	}

	private record CloudsRead(List<Cloud> clouds, Map<String, List<Folder>> folders) {
	}

	/** One billing account and the clouds it pays for (none seen when its bindings could not be read). */
	record AccountClouds(BillingAccount account, List<String> cloudIds) {
	}

	/**
	 * What the billing step shows: the accounts the user may read (none when the list was refused), their clouds; and
	 * the ACTIVE folders read ahead, by cloud id.
	 */
	record BillingOverview(List<AccountClouds> accounts, List<Cloud> clouds, Map<String, List<Folder>> folders) {

		BillingCheck check() {
			Map<String, CloudBilling> byCloud = new LinkedHashMap<>();
			for (Cloud cloud : this.clouds) {
				boolean paid = this.accounts.stream()
					.anyMatch((a) -> a.account().active() && a.cloudIds().contains(cloud.id()));
				boolean seenInactive = this.accounts.stream()
					.anyMatch((a) -> !a.account().active() && a.cloudIds().contains(cloud.id()));
				byCloud.put(cloud.id(),
						paid ? CloudBilling.PAID : (seenInactive ? CloudBilling.SUSPENDED : CloudBilling.UNKNOWN));
			}
			return new BillingCheck(byCloud);
		}

		Map<String, String> cloudNames() {
			return this.clouds.stream()
				.collect(Collectors.toMap(Cloud::id, Cloud::name, (a, b) -> a, LinkedHashMap::new));
		}

	}

}
