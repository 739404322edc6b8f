package dev.aikeywizard.wizard.serviceaccount;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.aikeywizard.cloud.CloudException;
import dev.aikeywizard.cloud.CreateServiceAccountRequest;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.Operation;
import dev.aikeywizard.cloud.ServiceAccount;
import dev.aikeywizard.cloud.ServiceAccountApi;
import dev.aikeywizard.wizard.InvalidChoiceException;
import dev.aikeywizard.wizard.IssuePolicy;
import dev.aikeywizard.wizard.OperationTracker;
import dev.aikeywizard.wizard.PolicyException;
import dev.aikeywizard.wizard.ResourceIds;
import dev.aikeywizard.wizard.Upstream;
import dev.aikeywizard.wizard.WizardProperties;
import dev.aikeywizard.wizard.WizardRun;

import org.springframework.stereotype.Service;

/** Lists, creates and checks service accounts of the run's folder, and suggests a name. */
@Service
public class ServiceAccounts {

	private final ServiceAccountApi api;

	private final OperationTracker operations;

	private final Upstream upstream;

	private final WizardProperties properties;

	private final Clock clock;

	private final IssuePolicy policy;

	ServiceAccounts(ServiceAccountApi api, OperationTracker operations, Upstream upstream,
			WizardProperties properties, Clock clock, IssuePolicy policy) {
		this.policy = policy;
		this.api = api;
		this.operations = operations;
		this.upstream = upstream;
		this.properties = properties;
		this.clock = clock;
	}

	public List<ServiceAccount> inFolder(IamToken token, String folderId) {
		return this.upstream.await(this.api.list(token, folderId));
	}

	/**
	 * The name the policy gives the user's account, or else a valid name derived from the login and the date, e.g.
	 * {@code ai-ivan-petrov-20261129}.
	 */
	public String suggestName(String login) {
		return this.policy.serviceAccountName(login).orElseGet(() -> suggestName(login, LocalDate.now(this.clock)));
	}

	/** Whether the policy gives the user's account a fixed name (no date in it: made once, then reused). */
	public boolean nameIsFixed(String login) {
		return this.policy.serviceAccountName(login).isPresent();
	}

	/**
	 * Refuses a new account under another name than the one the policy gives the user (when it gives one).
	 * @throws PolicyException naming the name to use
	 */
	public void requireAllowedName(String login, String name) {
		// The name, or the name with -2 ... -10 (names are unique per cloud: in a second folder the plain name is
		// taken by the user's own account of the first), as express names it.
		this.policy.serviceAccountName(login)
			.filter((fixed) -> !name.matches(Pattern.quote(fixed) + "(-([2-9]|10))?"))
			.ifPresent((fixed) -> {
				throw new PolicyException("policy.serviceAccount.name", fixed);
			});
	}

	/**
	 * Refuses an existing account the wizard did not make for the run's user, when the policy fixes the account.
	 * @throws PolicyException naming the account
	 */
	public void requireAllowedAccount(String login, ServiceAccount account, WizardRun run) {
		if (this.policy.serviceAccountName(login).isPresent() && !madeFor(account, run)) {
			throw new PolicyException("policy.serviceAccount.notYours", account.name());
		}
	}

	static String suggestName(String login, LocalDate date) {
		String base = slug(login);
		String day = date.format(DateTimeFormatter.BASIC_ISO_DATE);
		String prefix = "ai-";
		// Room for the date and a "-NN" suffix when the name is taken elsewhere in the cloud.
		int room = 63 - prefix.length() - day.length() - 1 - 3;
		if (base.length() > room) {
			base = base.substring(0, room).replaceAll("-$", "");
		}
		if (!base.isEmpty() && !Character.isLetter(base.charAt(0))) {
			base = "u" + base;
		}
		return base.isEmpty() ? prefix + "wizard-" + day : prefix + base + "-" + day;
	}

	/**
	 * Text as a piece of a service-account name: lowercased, every run of characters outside {@code [a-z0-9-]} one
	 * hyphen, no hyphen at either end ({@code Ivan.Petrov} gives {@code ivan-petrov}); empty for {@code null}.
	 */
	public static String slug(String text) {
		String slug = (text == null) ? "" : text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
		return slug.replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
	}

	/**
	 * Starts creating a service account in the run's folder; applied at once when the operation is done at once.
	 * The idempotency key is the run's for this folder, name and description, so a Retry, a double submit or another
	 * instance never makes a second one.
	 * @throws CloudException.AlreadyExistsException when the name is taken in the cloud
	 */
	public void create(IamToken token, WizardRun run, String name, String description) {
		String folderId = run.folderId();
		String key = run.idempotencyKey("service-account", folderId, name, description);
		Operation operation = this.upstream.await(this.api.create(token,
				new CreateServiceAccountRequest(folderId, name, description, labels(run)), key));
		run.serviceAccountCreating(operation.id(), name, this.clock.instant(), this.properties.operationDeadline());
		if (operation.done()) {
			this.operations.apply(run, operation);
		}
	}

	/** Label keys the wizard puts on the accounts it creates, so it can tell its user's own accounts later. */
	public static final String CREATED_BY = "created-by";

	public static final String OWNER = "owner-uid";

	static final String WIZARD = "ai-key-wizard";

	private static Map<String, String> labels(WizardRun run) {
		return labels(run.ownerId());
	}

	private static Map<String, String> labels(String userId) {
		String owner = userId.toLowerCase(Locale.ROOT).replaceAll("[^-_0-9a-z]", "");
		return Map.of(CREATED_BY, WIZARD, OWNER, owner.substring(0, Math.min(63, owner.length())));
	}

	/** Whether the wizard made this account for the run's user (the labels it puts on its accounts). */
	public static boolean madeFor(ServiceAccount account, WizardRun run) {
		return madeFor(account, run.ownerId());
	}

	/** Whether the wizard made this account for the user with this Yandex user id. */
	public static boolean madeFor(ServiceAccount account, String userId) {
		return labels(userId).equals(Map.of(CREATED_BY, account.labels().getOrDefault(CREATED_BY, ""), OWNER,
				account.labels().getOrDefault(OWNER, "")));
	}

	/**
	 * The service account, read from the cloud, when it lives in the run's folder.
	 * @throws InvalidChoiceException otherwise (nothing changes)
	 */
	public ServiceAccount check(IamToken token, WizardRun run, String serviceAccountId) {
		if (!ResourceIds.isResourceId(serviceAccountId)) {
			throw new InvalidChoiceException("serviceAccountId", "error.serviceAccount.unknown");
		}
		ServiceAccount account;
		try {
			account = this.upstream.await(this.api.get(token, serviceAccountId));
		}
		catch (CloudException.NotFoundException | CloudException.InvalidArgumentException
				| CloudException.PermissionDeniedException ex) {
			throw new InvalidChoiceException("serviceAccountId", "error.serviceAccount.unknown");
		}
		if (!account.folderId().equals(run.folderId())) {
			throw new InvalidChoiceException("serviceAccountId", "error.serviceAccount.unknown");
		}
		return account;
	}

}
