package dev.aikeywizard.wizard;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every transition of a {@link WizardRun}, without Spring: the order of the steps and what a change forgets. */
class WizardRunTests {

	static final String CLOUD = "b1gcloud000000000001";

	static final String OTHER_CLOUD = "b1gcloud000000000002";

	static final String FOLDER_A = "b1gfoldera0000000001";

	static final String FOLDER_B = "b1gfolderb0000000001";

	static final String SA_A = "ajesaa00000000000001";

	static final String SA_B = "ajesab00000000000001";

	static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

	static final Duration DEADLINE = Duration.ofMinutes(2);

	private final WizardRun run = new WizardRun("1000001");

	private static BillingCheck paid() {
		return new BillingCheck(Map.of(CLOUD, BillingCheck.CloudBilling.PAID));
	}

	private WizardRun atRoles() {
		this.run.billingChecked(paid());
		this.run.chooseFolder(CLOUD, FOLDER_A, "default");
		this.run.useServiceAccount(SA_A, "sa-a", FOLDER_A);
		return this.run;
	}

	private WizardRun atScope() {
		atRoles().rolesGranted(Set.of(FoundationRole.LANGUAGE_MODELS_USER));
		return this.run;
	}

	private static KeySettings textKey() {
		return new KeySettings(EnumSet.of(KeyScope.LANGUAGE_MODELS), new KeyExpiry(LocalDate.of(2027, 3, 1), ZoneOffset.UTC),
				"d");
	}

	private IssuedKey issued() {
		return new IssuedKey("ajekey00000000000001", this.run.serviceAccountId(), this.run.serviceAccountName(),
				this.run.folderId(), this.run.keySettings().scopes(), this.run.roles(), this.run.keySettings().expiry(),
				null, NOW, "****abcd");
	}

	// the order of the steps

	@Test
	void aNewRunStartsAtBillingAndEachChoiceOpensTheNextStep() {
		assertThat(this.run.firstIncompleteStep()).isEqualTo(Step.BILLING);
		this.run.billingChecked(paid());
		assertThat(this.run.firstIncompleteStep()).isEqualTo(Step.CLOUD);
		this.run.chooseFolder(CLOUD, FOLDER_A, "default");
		assertThat(this.run.firstIncompleteStep()).isEqualTo(Step.SERVICE_ACCOUNT);
		this.run.useServiceAccount(SA_A, "sa-a", FOLDER_A);
		assertThat(this.run.firstIncompleteStep()).isEqualTo(Step.ROLES);
		this.run.rolesGranted(Set.of(FoundationRole.LANGUAGE_MODELS_USER));
		assertThat(this.run.firstIncompleteStep()).isEqualTo(Step.SCOPE);
		this.run.keySettings(textKey());
		assertThat(this.run.firstIncompleteStep()).isEqualTo(Step.KEY);
		assertThat(this.run.isDone(Step.KEY)).isFalse();
		this.run.keyIssued(issued());
		assertThat(this.run.isDone(Step.KEY)).isTrue();
		assertThat(this.run.isReachable(Step.CLOUD)).isTrue();
	}

	@Test
	void stepsOutOfOrderAreRefused() {
		this.run.billingChecked(paid());
		assertThatThrownBy(() -> this.run.rolesGranted(Set.of(FoundationRole.LANGUAGE_MODELS_USER)))
			.isInstanceOf(WizardRun.IllegalTransitionException.class);
		assertThatThrownBy(() -> this.run.useServiceAccount(SA_A, "sa-a", FOLDER_A))
			.isInstanceOf(WizardRun.IllegalTransitionException.class);
		assertThatThrownBy(() -> this.run.startExpress(ExpressPlan.recommended(null, "")))
			.isInstanceOf(WizardRun.IllegalTransitionException.class);
		atRoles();
		assertThatThrownBy(() -> this.run.keySettings(textKey())).isInstanceOf(WizardRun.IllegalTransitionException.class);
	}

	@Test
	void aServiceAccountOfAnotherFolderIsRefused() {
		this.run.billingChecked(paid());
		this.run.chooseFolder(CLOUD, FOLDER_A, "default");
		assertThatThrownBy(() -> this.run.useServiceAccount(SA_B, "sa-b", FOLDER_B))
			.isInstanceOf(WizardRun.IllegalTransitionException.class);
		assertThat(this.run.serviceAccountId()).isNull();
	}

	@Test
	void aCloudWithoutUsableBillingCannotBeChosen() {
		this.run.billingChecked(new BillingCheck(
				Map.of(CLOUD, BillingCheck.CloudBilling.PAID, OTHER_CLOUD, BillingCheck.CloudBilling.SUSPENDED)));
		assertThatThrownBy(() -> this.run.chooseFolder(OTHER_CLOUD, FOLDER_B, "b"))
			.isInstanceOf(InvalidChoiceException.class);
		assertThat(this.run.folderId()).isNull();
	}

	@Test
	void anotherFolderForgetsTheServiceAccountAndEverythingAfterIt() {
		atScope().keySettings(textKey());
		this.run.chooseFolder(CLOUD, FOLDER_B, "other");
		assertThat(this.run.serviceAccountId()).isNull();
		assertThat(this.run.rolesDone()).isFalse();
		assertThat(this.run.keySettings()).isNull();
		assertThat(this.run.firstIncompleteStep()).isEqualTo(Step.SERVICE_ACCOUNT);
	}

	@Test
	void theSameFolderAgainKeepsWhatWasDone() {
		atScope();
		this.run.chooseFolder(CLOUD, FOLDER_A, "default");
		assertThat(this.run.serviceAccountId()).isEqualTo(SA_A);
		assertThat(this.run.rolesDone()).isTrue();
	}

	@Test
	void billingReadAgainForgetsACloudThatTurnedOutSuspended() {
		atScope();
		this.run.billingChecked(new BillingCheck(Map.of(CLOUD, BillingCheck.CloudBilling.SUSPENDED)));
		assertThat(this.run.folderId()).isNull();
		assertThat(this.run.firstIncompleteStep()).isEqualTo(Step.BILLING);
	}

	// billing as it really is (defect 9)

	@Test
	void billingThatCannotBeReadDoesNotBlock() {
		BillingCheck unreadable = new BillingCheck(Map.of(CLOUD, BillingCheck.CloudBilling.UNKNOWN));
		assertThat(unreadable.blocked()).isFalse();
		this.run.billingChecked(unreadable);
		this.run.chooseFolder(CLOUD, FOLDER_A, "default");
		assertThat(this.run.firstIncompleteStep()).isEqualTo(Step.SERVICE_ACCOUNT);
	}

	@Test
	void onlyCloudsSeenSuspendedAreBlocked() {
		BillingCheck check = new BillingCheck(
				Map.of(CLOUD, BillingCheck.CloudBilling.SUSPENDED, OTHER_CLOUD, BillingCheck.CloudBilling.UNKNOWN));
		assertThat(check.usableClouds()).containsExactly(OTHER_CLOUD);
		assertThat(new BillingCheck(Map.of(CLOUD, BillingCheck.CloudBilling.SUSPENDED)).blocked()).isTrue();
		assertThat(new BillingCheck(Map.of()).blocked()).isTrue();
	}

	// operations in flight and their target (defect 1)

	@Test
	void aCreationFinishedAfterTheUserChoseAnotherFolderIsNotApplied() {
		this.run.billingChecked(paid());
		this.run.chooseFolder(CLOUD, FOLDER_A, "default");
		this.run.serviceAccountCreating("op-sa", "sa-a", NOW, DEADLINE);
		assertThat(this.run.chooseFolder(CLOUD, FOLDER_B, "other")).map(PendingOperation::operationId)
			.contains("op-sa");
		assertThat(this.run.pending()).isNull();
		assertThat(this.run.operationSucceeded("op-sa", SA_A)).isFalse();
		assertThat(this.run.serviceAccountId()).isNull();
		assertThat(this.run.folderId()).isEqualTo(FOLDER_B);
	}

	@Test
	void aGrantFinishedAfterTheUserChoseAnotherServiceAccountIsNotApplied() {
		atRoles();
		this.run.rolesGranting("op-roles", Set.of(FoundationRole.LANGUAGE_MODELS_USER), NOW, DEADLINE);
		this.run.useServiceAccount(SA_B, "sa-b", FOLDER_A);
		assertThat(this.run.operationSucceeded("op-roles", null)).isFalse();
		assertThat(this.run.rolesDone()).isFalse();
		assertThat(this.run.serviceAccountId()).isEqualTo(SA_B);
	}

	@Test
	void anOperationIsAppliedOnlyWhileItsTargetIsTheRunsChoice() {
		this.run.billingChecked(paid());
		this.run.chooseFolder(CLOUD, FOLDER_A, "default");
		this.run.serviceAccountCreating("op-sa", "sa-a", NOW, DEADLINE);
		assertThat(this.run.operationSucceeded("op-other", SA_B)).isFalse();
		assertThat(this.run.pending()).isNotNull();
		assertThat(this.run.operationSucceeded("op-sa", SA_A)).isTrue();
		assertThat(this.run.serviceAccountId()).isEqualTo(SA_A);
		assertThat(this.run.serviceAccountName()).isEqualTo("sa-a");
		assertThat(this.run.operationSucceeded("op-sa", SA_A)).as("applied once").isFalse();
	}

	@Test
	void creatingAnotherAccountReplacesTheChosenOneEvenIfTheCreationIsLost() {
		atScope();
		this.run.serviceAccountCreating("op-new", "sa-new", NOW, DEADLINE);
		assertThat(this.run.serviceAccountId()).isNull();
		assertThat(this.run.rolesDone()).isFalse();
		this.run.operationFailed("op-new");
		assertThat(this.run.firstIncompleteStep()).as("back at the step, not on the account chosen before")
			.isEqualTo(Step.SERVICE_ACCOUNT);
	}

	@Test
	void aSecondOperationCannotStartWhileOneIsInFlight() {
		atRoles();
		this.run.rolesGranting("op-1", Set.of(FoundationRole.LANGUAGE_MODELS_USER), NOW, DEADLINE);
		assertThatThrownBy(
				() -> this.run.rolesGranting("op-2", Set.of(FoundationRole.LANGUAGE_MODELS_USER), NOW, DEADLINE))
			.isInstanceOf(WizardRun.IllegalTransitionException.class);
	}

	// deadlines (defect 6)

	@Test
	void anOperationHasADeadlineAndStoppingTheWaitFreesTheRun() {
		atRoles();
		this.run.rolesGranting("op-1", Set.of(FoundationRole.LANGUAGE_MODELS_USER), NOW, DEADLINE);
		assertThat(this.run.pending().overdue(NOW.plus(DEADLINE).minusSeconds(1))).isFalse();
		assertThat(this.run.pending().overdue(NOW.plus(DEADLINE).plusSeconds(1))).isTrue();
		assertThat(this.run.stopWaiting()).isPresent();
		assertThat(this.run.pending()).isNull();
		assertThat(this.run.firstIncompleteStep()).isEqualTo(Step.ROLES);
	}

	@Test
	void aFailedOperationEndsTheWaitAndThePlan() {
		this.run.billingChecked(paid());
		this.run.chooseFolder(CLOUD, FOLDER_A, "default");
		this.run.startExpress(ExpressPlan.recommended(null, ""));
		this.run.serviceAccountCreating("op-sa", "sa-a", NOW, DEADLINE);
		this.run.operationFailed("op-sa");
		assertThat(this.run.pending()).isNull();
		assertThat(this.run.expressRunning()).isFalse();
		assertThat(this.run.firstIncompleteStep()).isEqualTo(Step.SERVICE_ACCOUNT);
	}

	// express is a plan (defect 2)

	@Test
	void anyManualStepCancelsTheExpressPlan() {
		atRoles();
		this.run.startExpress(ExpressPlan.recommended(null, ""));
		assertThat(this.run.expressRunning()).isTrue();
		this.run.manualStep();
		assertThat(this.run.expressRunning()).isFalse();
		this.run.startExpress(ExpressPlan.recommended(null, ""));
		this.run.chooseFolder(CLOUD, FOLDER_A, "default");
		assertThat(this.run.expressRunning()).as("the cloud step's Next is manual").isFalse();
	}

	@Test
	void expressReplacesEarlierRolesAndKeySettingsWithItsOwn() {
		atScope().keySettings(new KeySettings(EnumSet.of(KeyScope.IMAGE_GENERATION), null, ""));
		ExpressPlan plan = ExpressPlan.recommended(new KeyExpiry(LocalDate.of(2027, 3, 1), ZoneOffset.UTC), "");
		this.run.startExpress(plan);
		assertThat(this.run.keySettings()).isNull();
		assertThat(this.run.rolesDone()).isFalse();
		assertThat(this.run.express().scopes()).containsExactly(KeyScope.LANGUAGE_MODELS);
		assertThat(this.run.express().roles()).containsExactly(FoundationRole.LANGUAGE_MODELS_USER);
	}

	@Test
	void issuingTheKeyEndsThePlan() {
		atScope();
		this.run.startExpress(ExpressPlan.recommended(null, ""));
		this.run.rolesGranted(Set.of(FoundationRole.LANGUAGE_MODELS_USER));
		this.run.keySettings(textKey());
		this.run.keyIssued(issued());
		assertThat(this.run.expressRunning()).isFalse();
	}

	// idempotency keys (defects 4 and 8)

	@Test
	void theSameIntentHasTheSameIdempotencyKeyInEveryCopyOfTheRun() throws Exception {
		atScope().keySettings(textKey());
		WizardRun copy = serialisedCopy(this.run);
		assertThat(copy.keyIdempotencyKey()).isEqualTo(this.run.keyIdempotencyKey());
		assertThat(copy.idempotencyKey("service-account", FOLDER_A, "sa-a", ""))
			.isEqualTo(this.run.idempotencyKey("service-account", FOLDER_A, "sa-a", ""));
	}

	@Test
	void anotherIntentOrAnotherRunHasAnotherIdempotencyKey() {
		atScope().keySettings(textKey());
		WizardRun other = new WizardRun("1000001");
		assertThat(other.idempotencyKey("service-account", FOLDER_A, "sa-a", ""))
			.isNotEqualTo(this.run.idempotencyKey("service-account", FOLDER_A, "sa-a", ""));
		assertThat(this.run.idempotencyKey("service-account", FOLDER_A, "sa-b", ""))
			.isNotEqualTo(this.run.idempotencyKey("service-account", FOLDER_A, "sa-a", ""));
	}

	@Test
	void theNextKeyNeverReusesTheIdempotencyKeyOfAnIssuedOne() {
		atScope().keySettings(textKey());
		String first = this.run.keyIdempotencyKey();
		this.run.keyIssued(issued());
		// switch folder and back, then the same settings again: a new key, not a replay of the old answer
		this.run.chooseFolder(CLOUD, FOLDER_B, "other");
		this.run.chooseFolder(CLOUD, FOLDER_A, "default");
		this.run.useServiceAccount(SA_A, "sa-a", FOLDER_A);
		this.run.rolesGranted(Set.of(FoundationRole.LANGUAGE_MODELS_USER));
		this.run.keySettings(textKey());
		assertThat(this.run.keyIdempotencyKey()).isNotEqualTo(first);
		this.run.keyIssued(issued());
		this.run.startAnotherKey();
		this.run.keySettings(textKey());
		assertThat(this.run.keyIdempotencyKey()).isNotEqualTo(first);
	}

	@Test
	void aRetriedKeyCreationKeepsItsIdempotencyKey() {
		atScope().keySettings(textKey());
		String first = this.run.keyIdempotencyKey();
		assertThat(this.run.keyIdempotencyKey()).isEqualTo(first);
	}

	// the key's expiry (defect 13)

	@Test
	void anExpiryDateMeansTheEndOfThatDayInTheUsersTimeZone() {
		LocalDate tomorrow = LocalDate.of(2026, 12, 3);
		assertThat(new KeyExpiry(tomorrow, ZoneOffset.UTC).instant()).isEqualTo(Instant.parse("2026-12-03T23:59:59Z"));
		assertThat(new KeyExpiry(tomorrow, ZoneId.of("Europe/Moscow")).instant())
			.isEqualTo(Instant.parse("2026-12-03T20:59:59Z"));
		// made at 23:50 UTC "until tomorrow": lives a day, not ten minutes
		Instant madeAt = Instant.parse("2026-12-02T23:50:00Z");
		assertThat(Duration.between(madeAt, new KeyExpiry(tomorrow, ZoneOffset.UTC).instant()))
			.isGreaterThan(Duration.ofHours(24));
	}

	@Test
	void anUnknownTimeZoneIsUtc() {
		assertThat(KeyExpiry.zone("Mars/Olympus_Mons")).isEqualTo(ZoneOffset.UTC);
		assertThat(KeyExpiry.zone(null)).isEqualTo(ZoneOffset.UTC);
		assertThat(KeyExpiry.zone("Asia/Yekaterinburg")).isEqualTo(ZoneId.of("Asia/Yekaterinburg"));
	}

	// what the run holds

	@Test
	void aSnapshotIsAPrivateCopyForRenderingAfterTheLock() {
		atScope().keySettings(textKey());
		this.run.keyIssued(issued());
		WizardRun snapshot = this.run.snapshot();
		this.run.startAnotherKey();
		assertThat(snapshot.issuedKey()).as("a request that ran meanwhile does not take the key from the page")
			.isNotNull();
		assertThat(snapshot.id()).isEqualTo(this.run.id());
	}

	@Test
	void theRunHoldsNoSecretAndSerialisesSmall() throws Exception {
		atScope().keySettings(textKey());
		this.run.keyIssued(issued());
		byte[] bytes = serialise(this.run);
		assertThat(bytes.length).isLessThan(4096);
	}

	private static byte[] serialise(WizardRun run) throws Exception {
		var out = new java.io.ByteArrayOutputStream();
		try (var objects = new java.io.ObjectOutputStream(out)) {
			objects.writeObject(run);
		}
		return out.toByteArray();
	}

	private static WizardRun serialisedCopy(WizardRun run) throws Exception {
		try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(serialise(run)))) {
			return (WizardRun) in.readObject();
		}
	}

	@Test
	void cloudsAndFoldersReadWithTheRunAreKeptUntilTheUserReadsThemAgain() {
		this.run.billingChecked(paid(), Map.of(CLOUD, "my-cloud"));
		this.run.foldersRead(CLOUD, List.of(new KnownFolder(FOLDER_A, CLOUD, "default")));
		assertThat(this.run.cloudNames()).contains(Map.of(CLOUD, "my-cloud"));
		assertThat(this.run.knownFolders(CLOUD)).contains(List.of(new KnownFolder(FOLDER_A, CLOUD, "default")));
		assertThat(this.run.snapshot().knownFolders(CLOUD)).isEqualTo(this.run.knownFolders(CLOUD));

		this.run.billingChecked(paid(), Map.of(CLOUD, "renamed"));
		assertThat(this.run.cloudNames()).contains(Map.of(CLOUD, "renamed"));
		assertThat(this.run.knownFolders(CLOUD)).isEmpty();
		this.run.billingChecked(paid());
		assertThat(this.run.cloudNames()).isEmpty();
	}

	@Test
	void onlyAServiceAccountThisRunCreatedIsNew() {
		this.run.billingChecked(paid());
		this.run.chooseFolder(CLOUD, FOLDER_A, "default");
		this.run.serviceAccountCreating("op-sa", "sa-a", NOW, DEADLINE);
		assertThat(this.run.operationSucceeded("op-sa", SA_A)).isTrue();
		assertThat(this.run.serviceAccountNew()).isTrue();
		this.run.useServiceAccount(SA_B, "sa-b", FOLDER_A);
		assertThat(this.run.serviceAccountNew()).isFalse();
		this.run.useServiceAccount(SA_A, "sa-a", FOLDER_A);
		assertThat(this.run.serviceAccountNew()).isFalse();
	}

	@Test
	void theProgressPagePollsOnTheScheduleFromTheOperationsStartAndNotPastItsDeadline() {
		dev.aikeywizard.cloud.PollSchedule schedule = new dev.aikeywizard.cloud.PollSchedule(Duration.ofMillis(100),
				Duration.ofSeconds(1));
		this.run.billingChecked(paid());
		this.run.chooseFolder(CLOUD, FOLDER_A, "default");
		this.run.serviceAccountCreating("op-sa", "sa-a", NOW, DEADLINE);
		PendingOperation pending = this.run.pending();
		List<Duration> none = List.of();
		assertThat(pending.nextPoll(schedule, none, NOW)).isEqualTo(Duration.ofMillis(100));
		// due at 100, 225, 382, 579, 826, 1135 ms after the start (see PollScheduleTests)
		assertThat(pending.nextPoll(schedule, none, NOW.plusMillis(130))).isEqualTo(Duration.ofMillis(95));
		assertThat(pending.nextPoll(schedule, none, NOW.plusMillis(900))).isEqualTo(Duration.ofMillis(235));
		assertThat(pending.nextPoll(schedule, none, NOW.plus(DEADLINE).minusMillis(200)))
			.isEqualTo(Duration.ofMillis(200));
		assertThat(pending.nextPoll(schedule, none, NOW.plus(DEADLINE).plusSeconds(5)))
			.isEqualTo(Duration.ofMillis(10));
	}

	@Test
	void theProgressPagePollsWhenOperationsOfTheKindWereSeenDoneAndNeverBackToBack() {
		dev.aikeywizard.cloud.PollSchedule schedule = new dev.aikeywizard.cloud.PollSchedule(Duration.ofMillis(100),
				Duration.ofSeconds(1));
		this.run.billingChecked(paid());
		this.run.chooseFolder(CLOUD, FOLDER_A, "default");
		this.run.serviceAccountCreating("op-sa", "sa-a", NOW, DEADLINE);
		// Earlier operations of the kind: still running 850 ms after their start, done by 950 ms.
		List<Duration> expected = List.of(Duration.ofMillis(900), Duration.ofMillis(950));
		this.run.operationRunning("op-sa", NOW.plusMillis(826));
		assertThat(this.run.pending().nextPoll(schedule, expected, NOW.plusMillis(850)))
			.as("halfway through the window, before the schedule's 1135 ms")
			.isEqualTo(Duration.ofMillis(50));
		this.run.operationRunning("op-sa", NOW.plusMillis(900));
		assertThat(this.run.pending().nextPoll(schedule, expected, NOW.plusMillis(910))).isEqualTo(Duration.ofMillis(40));
		// The poll sent at 950 ms took until 1200 ms: the schedule's 1135 ms passed meanwhile, so the next comes
		// after the first wait, never back to back however slowly the cloud answers.
		this.run.operationRunning("op-sa", NOW.plusMillis(950));
		assertThat(this.run.pending().nextPoll(schedule, expected, NOW.plusMillis(1200)))
			.isEqualTo(Duration.ofMillis(100));
		// An expected moment that passed while a poll was on its way is due at once (there are two at most).
		this.run.operationRunning("op-sa", NOW.plusMillis(826));
		assertThat(this.run.pending().nextPoll(schedule, expected, NOW.plusMillis(960)))
			.isEqualTo(Duration.ofMillis(10));
		this.run.operationRunning("op-other", NOW.plusMillis(1300));
		assertThat(this.run.pending().lastSeenRunning()).as("another operation's poll").isEqualTo(NOW.plusMillis(826));
	}

}
