package dev.aikeywizard.wizard;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What the wizard was doing upstream when something failed, and which role the user needs for it: a
 * PERMISSION_DENIED becomes a message that names that role and the resource.
 */
public enum Action {

	READ_BILLING("billing.accounts.viewer", "resource.billingAccount"),
	READ_RESOURCES("resource-manager.viewer", "resource.cloud"),
	CREATE_SERVICE_ACCOUNT("iam.serviceAccounts.admin", "resource.folder"),
	GRANT_ROLES("admin", "resource.folder"),
	CREATE_KEY("iam.serviceAccounts.admin", "resource.folder"),
	STORE_IN_LOCKBOX("lockbox.editor", "resource.folder");

	private static final String ATTRIBUTE = Action.class.getName();

	private final String neededRole;

	private final String resourceKey;

	Action(String neededRole, String resourceKey) {
		this.neededRole = neededRole;
		this.resourceKey = resourceKey;
	}

	public String neededRole() {
		return this.neededRole;
	}

	public String resourceKey() {
		return this.resourceKey;
	}

	/** Records that this request is now doing this action. */
	public void mark(HttpServletRequest request) {
		request.setAttribute(ATTRIBUTE, this);
	}

	/** Records that the request this thread serves is now doing this action (for services that hold no request). */
	public void markCurrentRequest() {
		org.springframework.web.context.request.RequestAttributes attributes = org.springframework.web.context.request.RequestContextHolder
			.getRequestAttributes();
		if (attributes != null) {
			attributes.setAttribute(ATTRIBUTE, this, org.springframework.web.context.request.RequestAttributes.SCOPE_REQUEST);
		}
	}

	public static Action of(HttpServletRequest request) {
		Object action = request.getAttribute(ATTRIBUTE);
		return (action instanceof Action a) ? a : READ_RESOURCES;
	}

}
