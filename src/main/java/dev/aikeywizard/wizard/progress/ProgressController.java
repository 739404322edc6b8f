package dev.aikeywizard.wizard.progress;

import java.time.Clock;

import dev.aikeywizard.cloud.CloudProperties;
import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.PollSchedule;
import dev.aikeywizard.security.CloudCredentialService;
import dev.aikeywizard.wizard.Action;
import dev.aikeywizard.wizard.OperationDurations;
import dev.aikeywizard.wizard.OperationTracker;
import dev.aikeywizard.wizard.WizardPages;
import dev.aikeywizard.wizard.WizardRun;
import dev.aikeywizard.wizard.WizardRuns;
import dev.aikeywizard.wizard.express.ExpressRunner;
import dev.aikeywizard.wizard.key.KeyOutcome;
import dev.aikeywizard.wizard.key.NewKey;
import dev.aikeywizard.wizard.key.KeyPage;
import dev.aikeywizard.wizard.key.KeyRequester;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The operation in flight: the page polls it (htmx, or a Continue button without JavaScript), each poll reads it
 * once and, on the express path, starts the next piece of work, up to the key. Polls of one run take turns, so ten
 * at once finish the operation once and issue one key.
 */
@Controller
@RequestMapping("/wizard/progress")
class ProgressController {

	private final OperationTracker operations;

	private final ExpressRunner express;

	private final KeyPage keyPage;

	private final WizardRuns runs;

	private final WizardPages pages;

	private final CloudCredentialService credentials;

	private final PollSchedule schedule;

	private final OperationDurations durations;

	private final Clock clock;

	ProgressController(OperationTracker operations, OperationDurations durations, ExpressRunner express,
			KeyPage keyPage, WizardRuns runs, WizardPages pages, CloudCredentialService credentials,
			CloudProperties cloud, Clock clock) {
		this.durations = durations;
		this.schedule = cloud.operation().schedule();
		this.clock = clock;
		this.operations = operations;
		this.express = express;
		this.keyPage = keyPage;
		this.runs = runs;
		this.pages = pages;
		this.credentials = credentials;
	}

	/** Shows the operation in flight (one read); when nothing is in flight any more, goes on to the open step. */
	@GetMapping
	String show(Authentication user, HttpSession session, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		WizardRun current = this.runs.current(session, user);
		if (idle(current)) {
			return WizardPages.redirect(current.firstIncompleteStep());
		}
		IamToken token = this.credentials.iamToken(user);
		Action.READ_RESOURCES.mark(request);
		WizardRun run = this.runs.change(session, user, (r) -> {
			this.operations.poll(token, r);
			return r;
		});
		if (idle(run)) {
			return WizardPages.redirect(run.firstIncompleteStep());
		}
		return render(run, model, request, response);
	}

	/** One poll, and the next piece of the express plan when nothing is in flight. */
	@PostMapping
	String advance(Authentication user, HttpSession session, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		IamToken token = this.credentials.iamToken(user);
		Action.GRANT_ROLES.mark(request);
		KeyOutcome advanced = this.runs.change(session, user, (run) -> {
			this.operations.poll(token, run);
			NewKey key = (run.pending() == null) ? this.express.advance(token, run, KeyRequester.of(user)) : null;
			return new KeyOutcome(run.snapshot(), key);
		});
		if (advanced.issuedNow()) {
			return this.keyPage.renderWithSecret(advanced.key(), advanced.run(), model, request, response);
		}
		if (idle(advanced.run())) {
			return WizardPages.redirect(advanced.run().firstIncompleteStep());
		}
		return render(advanced.run(), model, request, response);
	}

	/** "Back" from an operation past its deadline: stop waiting for it and go back to its step. */
	@PostMapping("/stop")
	String stop(Authentication user, HttpSession session) {
		WizardRun run = this.runs.change(session, user, (r) -> {
			r.stopWaiting();
			return r;
		});
		return WizardPages.redirect(run.firstIncompleteStep());
	}

	private static boolean idle(WizardRun run) {
		return run.pending() == null && !run.expressRunning();
	}

	private String render(WizardRun run, Model model, HttpServletRequest request, HttpServletResponse response) {
		model.addAttribute("pending", run.pending());
		// The page polls again on the schedule counted from the operation's start; with nothing in flight (the next
		// express piece is due) at once.
		model.addAttribute("pollDelay", (run.pending() != null)
				? run.pending()
					.nextPoll(this.schedule, this.durations.expected(run.pending().task()), this.clock.instant())
					.toMillis()
				: this.schedule.first().toMillis());
		return this.pages.render(run.firstIncompleteStep(), "wizard/progress", run, model, request, response);
	}

}
