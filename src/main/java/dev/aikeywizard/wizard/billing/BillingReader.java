package dev.aikeywizard.wizard.billing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
		Mono<Optional<List<AccountClouds>>> accounts = this.billing.listBillingAccounts(token)
			.flatMapMany(Flux::fromIterable)
			.flatMapSequential((account) -> this.billing.listBillableObjectBindings(token, account.id())
				.map((bindings) -> new AccountClouds(account, bindings.stream()
					.filter((binding) -> binding.billableObject() != null
							&& "cloud".equals(binding.billableObject().type()))
					.map((binding) -> binding.billableObject().id())
					.toList(), true))
				.onErrorResume(CloudException.PermissionDeniedException.class,
						(ex) -> Mono.just(new AccountClouds(account, List.of(), false))))
			.collectList()
			.map(Optional::of)
			.onErrorResume(CloudException.PermissionDeniedException.class, (ex) -> Mono.just(Optional.empty()));
		var both = this.upstream.await(Mono.zip(accounts, this.resourceManager.listClouds(token)));
		return new BillingOverview(both.getT1().orElse(List.of()), both.getT1().isPresent(), both.getT2());
	}

	/** One billing account and the clouds it pays for ({@code readable}: its bindings could be read). */
	record AccountClouds(BillingAccount account, List<String> cloudIds, boolean readable) {
	}

	/**
	 * What the billing step shows.
	 * @param listed whether the account list could be read at all (it may still be empty)
	 */
	record BillingOverview(List<AccountClouds> accounts, boolean listed, List<Cloud> clouds) {

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
			return new BillingCheck(byCloud, readable());
		}

		/** Whether any billing account could be seen with what it pays for. */
		boolean readable() {
			return this.accounts.stream().anyMatch(AccountClouds::readable);
		}

		Map<String, String> cloudNames() {
			return this.clouds.stream().collect(Collectors.toMap(Cloud::id, Cloud::name, (a, b) -> a));
		}

	}

}
