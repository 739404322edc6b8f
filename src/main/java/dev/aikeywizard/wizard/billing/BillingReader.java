package dev.aikeywizard.wizard.billing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.aikeywizard.cloud.BillingAccount;
import dev.aikeywizard.cloud.BillingApi;
import dev.aikeywizard.cloud.Cloud;
import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.ResourceManagerApi;
import dev.aikeywizard.wizard.BillingCheck;
import dev.aikeywizard.wizard.BillingCheck.CloudBilling;
import dev.aikeywizard.wizard.Upstream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Reads billing accounts, the clouds each pays for, and the user's clouds, in parallel. An account list the user
 * may not read (or an empty one), or bindings of an account they may not read, are "unknown", not "unpaid".
 */
@Service
class BillingReader {

	private final BillingApi billing;

	private final ResourceManagerApi resourceManager;

	private final Upstream upstream;

	BillingReader(BillingApi billing, ResourceManagerApi resourceManager, Upstream upstream) {
		this.billing = billing;
		this.resourceManager = resourceManager;
		this.upstream = upstream;
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
		var both = this.upstream.await(Mono.zip(accounts, this.resourceManager.listClouds(token)));
		return new BillingOverview(both.getT1(), both.getT2());
	}

	/** One billing account and the clouds it pays for (none seen when its bindings could not be read). */
	record AccountClouds(BillingAccount account, List<String> cloudIds) {
	}

	/** What the billing step shows: the accounts the user may read (none when the list was refused), their clouds. */
	record BillingOverview(List<AccountClouds> accounts, List<Cloud> clouds) {

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
