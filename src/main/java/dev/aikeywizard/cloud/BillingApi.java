package dev.aikeywizard.cloud;

import java.util.List;

import reactor.core.publisher.Mono;

/** Billing: {@code billing.api.cloud.yandex.net/billing/v1}. Lists follow every page. */
public class BillingApi {

	public Mono<List<BillingAccount>> listBillingAccounts(IamToken token) {
		throw new UnsupportedOperationException("not written yet");
	}

	public Mono<List<BillableObjectBinding>> listBillableObjectBindings(IamToken token, String billingAccountId) {
		throw new UnsupportedOperationException("not written yet");
	}

}
