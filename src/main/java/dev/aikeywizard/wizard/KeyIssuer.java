package dev.aikeywizard.wizard;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.aikeywizard.cloud.CloudProperties;
import dev.aikeywizard.cloud.CreatedApiKey;
import dev.aikeywizard.security.CloudCredentialService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Creates the key at most once per wizard run, and renders the one response that carries its secret. Concurrent
 * submissions in one session are serialised; all but the first see the "already issued" page.
 */
@Component
class KeyIssuer {

	private static final int STRIPES = 64;

	private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

	private final WizardFlow flow;

	private final WizardPages pages;

	private final CloudCredentialService credentials;

	private final MessageSource messages;

	private final CloudProperties cloud;

	private final KeyRateLimiter limiter;

	KeyIssuer(WizardFlow flow, WizardPages pages, CloudCredentialService credentials, MessageSource messages,
			CloudProperties cloud, KeyRateLimiter limiter) {
		this.limiter = limiter;
		this.flow = flow;
		this.pages = pages;
		this.credentials = credentials;
		this.messages = messages;
		this.cloud = cloud;
		for (int i = 0; i < STRIPES; i++) {
			this.locks[i] = new ReentrantLock();
		}
	}

	String defaultDescription() {
		return this.messages.getMessage("scope.description.default", null, LocaleContextHolder.getLocale());
	}

	/**
	 * Runs {@code work} holding this session's lock (re-entrant), so concurrent requests of one session that
	 * change its wizard state (a double-clicked button, overlapping polls) take turns.
	 */
	<T> T locked(HttpSession session, Supplier<T> work) {
		ReentrantLock lock = this.locks[Math.floorMod(session.getId().hashCode(), STRIPES)];
		lock.lock();
		try {
			return work.get();
		}
		finally {
			lock.unlock();
		}
	}

	/** Issues the key (unless this run already has one) and renders the result page. */
	String issueAndRender(Authentication user, HttpSession session, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		return issueAndRender(user, session, (state) -> {
		}, model, request, response);
	}

	/**
	 * Under the session's lock, on the state as last stored: when no key was issued yet, applies {@code settings},
	 * issues the key and renders it with the secret; otherwise renders the issued key without it.
	 */
	String issueAndRender(Authentication user, HttpSession session, Consumer<WizardState> settings, Model model,
			HttpServletRequest request, HttpServletResponse response) {
		return locked(session, () -> {
			WizardState current = this.pages.fresh(session);
			if (current.issuedKey() != null) {
				return renderIssued(current, model, request, response);
			}
			settings.accept(current);
			this.pages.save(session, current);
			if (!this.limiter.tryAcquire(user.getName())) {
				throw new KeyLimitException(this.limiter.limit());
			}
			Action.CREATE_KEY.mark(request);
			CreatedApiKey created;
			try {
				created = this.flow.issueKey(this.credentials.iamToken(user), current);
			}
			catch (RuntimeException ex) {
				this.limiter.release(user.getName());
				throw ex;
			}
			this.pages.save(session, current);
			model.addAttribute("secret", created.secret());
			return renderKey(current, model, request, response);
		});
	}

	/** The user made as many keys as allowed in the last hour. */
	static class KeyLimitException extends RuntimeException {

		private final int limit;

		KeyLimitException(int limit) {
			super("key creation limit of " + limit + " per hour reached");
			this.limit = limit;
		}

		int limit() {
			return this.limit;
		}

	}

	/** The result page without the secret: the key was issued earlier. */
	String renderIssued(WizardState state, Model model, HttpServletRequest request, HttpServletResponse response) {
		model.addAttribute("secret", null);
		return renderKey(state, model, request, response);
	}

	private String renderKey(WizardState state, Model model, HttpServletRequest request,
			HttpServletResponse response) {
		String folderId = state.issuedKey().folderId();
		model.addAttribute("key", state.issuedKey());
		model.addAttribute("modelUri", "gpt://" + folderId + "/yandexgpt/latest");
		model.addAttribute("llmBaseUrl", this.cloud.endpoints().llm().toString().replaceAll("/$", ""));
		String view = this.pages.render(Step.KEY, state, model, request, response);
		response.setHeader("Cache-Control", "no-store");
		response.setHeader("Pragma", "no-cache");
		return view;
	}

}
