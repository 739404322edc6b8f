package dev.aikeywizard.wizard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.aikeywizard.cloud.CallDeadline;
import dev.aikeywizard.cloud.CloudProperties;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Waits for the cloud calls of one user action. Every call of one request shares the action's time budget
 * ({@code app.cloud.budget}, counted from the request's first call), so a request never outlives the proxy in
 * front of the app, whatever the retries.
 */
@Component
public class Upstream {

	private static final String DEADLINE = Upstream.class.getName() + ".deadline";

	private final CloudProperties cloud;

	private final Clock clock;

	Upstream(CloudProperties cloud, Clock clock) {
		this.cloud = cloud;
		this.clock = clock;
	}

	public <T> T await(Mono<T> call) {
		return CallDeadline.within(call, deadline()).block();
	}

	/**
	 * {@code call} sent now, bound to {@code atMost} from now when that comes before the action's deadline, while
	 * this request goes on with other work; {@link #await(Mono)} on the returned Mono waits for its one answer (a
	 * failure included), however often it is awaited. Nothing is sent twice.
	 */
	public <T> Mono<T> send(Mono<T> call, Duration atMost) {
		Mono<T> sent = CallDeadline.within(CallDeadline.within(call, this.clock.instant().plus(atMost)), deadline())
			.cache();
		sent.subscribe((answer) -> {
		}, (failure) -> {
			// read by whoever awaits the answer
		});
		return sent;
	}

	private Instant deadline() {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request == null) {
			return this.clock.instant().plus(this.cloud.budget());
		}
		if (request.getAttribute(DEADLINE, RequestAttributes.SCOPE_REQUEST) instanceof Instant deadline) {
			return deadline;
		}
		Instant deadline = this.clock.instant().plus(this.cloud.budget());
		request.setAttribute(DEADLINE, deadline, RequestAttributes.SCOPE_REQUEST);
		return deadline;
	}

}
