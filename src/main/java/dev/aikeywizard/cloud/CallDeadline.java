package dev.aikeywizard.cloud;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * The deadline of one user action, shared by every upstream call (and every retry and page of those calls) made
 * inside it. Without one, each call gets {@code app.cloud.budget} from its own subscription.
 *
 * <pre>{@code
 * Instant deadline = Instant.now().plus(properties.budget());
 * CallDeadline.within(billing.listBillingAccounts(token)
 *     .zipWith(resourceManager.listClouds(token)), deadline).block();
 * }</pre>
 *
 * The deadline travels in the Reactor Context, so it reaches only calls composed into the given Mono: two separate
 * {@code block()}s need one {@code within} each, with the same {@link Instant}.
 */
public final class CallDeadline {

	/** The Reactor Context key; private to the package so nothing else writes it. */
	static final Object KEY = CallDeadline.class;

	private CallDeadline() {
	}

	/**
	 * {@code call}, with every cloud call inside it bound to {@code deadline}: an attempt is cut at the deadline, no
	 * retry starts whose wait would end after it, and nothing is sent once it has passed. A deadline already set
	 * further out (an enclosing {@code within}) can only be tightened, never extended.
	 */
	public static <T> Mono<T> within(Mono<T> call, Instant deadline) {
		Objects.requireNonNull(call, "call");
		Objects.requireNonNull(deadline, "deadline");
		return call.contextWrite((context) -> context.put(KEY, of(context).filter((outer) -> outer.isBefore(deadline))
			.orElse(deadline)));
	}

	/** The deadline in {@code context}, if a caller set one. */
	static Optional<Instant> of(ContextView context) {
		return context.getOrEmpty(KEY).filter(Instant.class::isInstance).map(Instant.class::cast);
	}

}
