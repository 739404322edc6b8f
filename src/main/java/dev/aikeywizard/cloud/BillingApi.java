package dev.aikeywizard.cloud;

import java.util.List;

import reactor.core.publisher.Mono;

/** Billing: {@code billing.api.cloud.yandex.net/billing/v1}. Lists follow every page. */
public class BillingApi {

	private final CloudHttp http;

	BillingApi(CloudHttp http) {
		this.http = http;
	}

	public Mono<List<BillingAccount>> listBillingAccounts(IamToken token) {
		return this.http.list(CloudHttp.Call.get("/billing/v1/billingAccounts", token),
				CloudWire.BillingAccountPage.class, CloudWire.BillingAccountPage::billingAccounts,
				CloudWire.BillingAccountPage::nextPageToken);
	}

	public Mono<List<BillableObjectBinding>> listBillableObjectBindings(IamToken token, String billingAccountId) {
		return this.http.list(
				CloudHttp.Call.get("/billing/v1/billingAccounts/" + billingAccountId + "/billableObjectBindings", token),
				CloudWire.BillableObjectBindingPage.class, CloudWire.BillableObjectBindingPage::billableObjectBindings,
				CloudWire.BillableObjectBindingPage::nextPageToken);
	}

}
