package dev.aikeywizard.cloud;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;

/** {@code GET operation.api.cloud.yandex.net/operations/{id}} and the poller built on it. */
public class OperationApi {

	private final CloudHttp http;

	private final CloudProperties.Polling polling;

	OperationApi(CloudHttp http, CloudProperties.Polling polling) {
		this.http = http;
		this.polling = polling;
	}

	public Mono<Operation> get(IamToken token, String operationId) {
		return this.http.call(CloudHttp.Call.get("/operations/" + operationId, token), Operation.class);
	}

	/**
	 * Turns a done operation into its outcome: the operation itself when it succeeded, the typed
	 * {@link CloudException} for its {@code error} otherwise. A not-done operation is returned as is.
	 */
	public Operation checkOutcome(Operation operation) {
		if (!operation.done() || operation.error() == null) {
			return operation;
		}
		RpcStatus error = operation.error();
		RpcCode code = RpcCode.ofNumber(error.code());
		throw CloudException.of(code, code.httpStatus(),
				"operation " + operation.id() + " failed: " + CloudHttp.redact(error.message()),
				(error.details() != null) ? error.details() : List.of(), null);
	}

	/**
	 * Polls until done on the {@link PollSchedule} (soon, then backing off to a cap); fails with {@link CloudException.OperationTimeoutException}
	 * (naming the operation id) at the deadline, and with the typed error when the operation ends in error.
	 */
	public Mono<Operation> awaitDone(IamToken token, Operation operation) {
		if (operation.done()) {
			return Mono.fromCallable(() -> checkOutcome(operation));
		}
		Duration limit = this.polling.deadline();
		// The deadline runs from subscription, and also cuts a poll still waiting for its answer (or retrying).
		return Mono
			.defer(() -> poll(token, operation.id(), this.polling.initialInterval(), System.nanoTime() + limit.toNanos()))
			.timeout(limit, Mono.error(() -> new CloudException.OperationTimeoutException(operation.id(), limit)))
			.map(this::checkOutcome);
	}

	private Mono<Operation> poll(IamToken token, String id, Duration interval, long deadline) {
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			return Mono.error(new CloudException.OperationTimeoutException(id, this.polling.deadline()));
		}
		Duration wait = Duration.ofNanos(Math.min(interval.toNanos(), left));
		Duration next = this.polling.schedule().after(interval);
		return Mono.delay(wait)
			.then(get(token, id))
			.flatMap((current) -> current.done() ? Mono.just(current) : poll(token, id, next, deadline));
	}

}
