package dev.aikeywizard.portal;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import reactor.core.publisher.Mono;

import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.cloud.IamTokenApi;
import dev.aikeywizard.security.ServiceIdentity;

/**
 * The IAM token of the app's own service account (portal mode): exchanged for a freshly signed JWT at
 * {@code POST /iam/v1/tokens}, kept, and renewed {@link #RENEW_MARGIN} before it expires. However many callers
 * ask at once, one exchange at a time is under way and they all get its answer; a failed exchange is not kept, so
 * the next call tries again.
 */
public class OperatorCredentials implements ServiceIdentity {

	/** Renew this long before {@code expiresAt}, as for users' tokens. */
	static final Duration RENEW_MARGIN = Duration.ofMinutes(10);

	private final OperatorJwt jwt;

	private final IamTokenApi iamTokens;

	private final Clock clock;

	/** The token last exchanged; null before the first. Guarded by {@code this}. */
	private IamToken current;

	/** Forgets the kept token (the cloud refused it), so the next caller exchanges a new JWT. */
	@Override
	public synchronized void refused() {
		this.current = null;
	}

	/** The exchange under way, if any. Guarded by {@code this}. */
	private CompletableFuture<IamToken> renewal;

	OperatorCredentials(OperatorJwt jwt, IamTokenApi iamTokens, Clock clock) {
		this.jwt = jwt;
		this.iamTokens = iamTokens;
		this.clock = clock;
	}

	/**
	 * A valid IAM token of the service account: the kept one while it has more than {@link #RENEW_MARGIN} left,
	 * else a renewed one. A caller that cancels does not cancel the exchange others wait for.
	 */
	@Override
	public Mono<IamToken> iamToken() {
		return Mono.defer(() -> {
			synchronized (this) {
				if (this.current != null && !this.current.expiresWithin(RENEW_MARGIN, this.clock)) {
					return Mono.just(this.current);
				}
				return Mono.fromFuture(renewal(), true);
			}
		});
	}

	/** The exchange under way, started if there is none. Holds the lock of {@code this}. */
	private CompletableFuture<IamToken> renewal() {
		if (this.renewal == null) {
			// Callers wait on the stage after the bookkeeping, not on the exchange itself: a caller woken by the
			// exchange's answer could otherwise ask again before the token is kept or a failed exchange forgotten.
			CompletableFuture<IamToken> shared = Mono.defer(() -> this.iamTokens.exchangeJwt(this.jwt.sign()))
				.toFuture()
				.whenComplete((token, failure) -> finished(token));
			// an exchange over already has been forgotten by finished: keep only one still under way
			this.renewal = shared.isDone() ? null : shared;
			return shared;
		}
		return this.renewal;
	}

	/** There is one exchange at a time, so this is the end of the one in {@link #renewal}. */
	private synchronized void finished(IamToken token) {
		if (token != null) {
			this.current = token;
		}
		this.renewal = null;
	}

	@Override
	public String toString() {
		return "OperatorCredentials[" + this.jwt + "]";
	}

}
