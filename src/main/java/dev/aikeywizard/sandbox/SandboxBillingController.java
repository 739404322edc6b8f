package dev.aikeywizard.sandbox;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import dev.aikeywizard.sandbox.SandboxGateway.Caller;
import dev.aikeywizard.sandbox.SandboxGateway.Page;
import dev.aikeywizard.sandbox.SandboxWire.BillableObject;
import dev.aikeywizard.sandbox.SandboxWire.BillableObjectBinding;
import dev.aikeywizard.sandbox.SandboxWire.BillingAccount;
import dev.aikeywizard.sandbox.SandboxWorld.BillingRec;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Billing ({@code billing.api.cloud.yandex.net}) under {@code /sandbox/billing}: billing accounts (no status enum,
 * only {@code active}) and the clouds bound to them. Visibility follows the caller's billing roles on each account
 * (reference §2, §13): List shows only the accounts the caller holds a billing role on, and Get or
 * ListBillableObjectBindings on an account without one is PERMISSION_DENIED, even when that account pays for a cloud
 * the caller administers.
 */
@RestController
@RequestMapping("/sandbox/billing/billing/v1/billingAccounts")
@ConditionalOnBooleanProperty("app.sandbox.enabled")
class SandboxBillingController {

	private final SandboxGateway gateway;

	SandboxBillingController(SandboxGateway gateway) {
		this.gateway = gateway;
	}

	@GetMapping
	ResponseEntity<String> list(@RequestParam(required = false) String pageSize,
			@RequestParam(required = false) String pageToken, HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, true);
		synchronized (caller.world()) {
			List<BillingAccount> all = caller.world().billingAccounts.stream()
				.filter((a) -> SandboxGateway.canSeeBilling(caller, a.id))
				.map(SandboxBillingController::view)
				.toList();
			Page<BillingAccount> page = this.gateway.page(all, pageSize, pageToken, 100);
			return SandboxGateway.ok(new SandboxWire.BillingAccountPage(page.items(), page.nextPageToken()));
		}
	}

	@GetMapping("/{billingAccountId}")
	ResponseEntity<String> get(@PathVariable String billingAccountId, HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, true);
		SandboxIamController.max("billingAccountId", billingAccountId, 50);
		synchronized (caller.world()) {
			return SandboxGateway.ok(view(account(caller, billingAccountId, "billing.accounts.get")));
		}
	}

	@GetMapping("/{billingAccountId}/billableObjectBindings")
	ResponseEntity<String> bindings(@PathVariable String billingAccountId,
			@RequestParam(required = false) String pageSize, @RequestParam(required = false) String pageToken,
			HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, true);
		SandboxIamController.max("billingAccountId", billingAccountId, 50);
		synchronized (caller.world()) {
			BillingRec account = account(caller, billingAccountId, "billing.accounts.listBillableObjectBindings");
			List<BillableObjectBinding> all = account.boundClouds.entrySet()
				.stream()
				.map((e) -> new BillableObjectBinding(e.getValue().toString(), new BillableObject(e.getKey(), "cloud")))
				.toList();
			Page<BillableObjectBinding> page = this.gateway.page(all, pageSize, pageToken, 100);
			return SandboxGateway.ok(new SandboxWire.BillableObjectBindingPage(page.items(), page.nextPageToken()));
		}
	}

	private static BillingAccount view(BillingRec account) {
		return new BillingAccount(account.id, account.name, account.createdAt.toString(), account.countryCode,
				account.currency, account.active, account.balance);
	}

	/** The account, if the caller holds a billing role on it; call while holding the world's monitor. */
	private static BillingRec account(Caller caller, String id, String permission) {
		BillingRec account = caller.world().billingAccounts.stream()
			.filter((a) -> a.id.equals(id))
			.findFirst()
			.orElseThrow(() -> SandboxRpcException.notFound("Billing account " + id + " not found"));
		if (!SandboxGateway.canSeeBilling(caller, account.id)) {
			throw SandboxRpcException.denied("Permission denied: " + permission + " on billing account " + id
					+ " requires one of the roles "
					+ String.join(", ", SandboxGateway.BILLING_READERS.stream().sorted().toList()));
		}
		return account;
	}

}
