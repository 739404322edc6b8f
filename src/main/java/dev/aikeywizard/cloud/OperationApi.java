package dev.aikeywizard.cloud;

import reactor.core.publisher.Mono;

/** {@code GET operation.api.cloud.yandex.net/operations/{id}}. */
public class OperationApi {

	public Mono<Operation> get(IamToken token, String operationId) {
		throw new UnsupportedOperationException("not written yet");
	}

	/**
	 * Turns a done operation into its outcome: the operation itself when it succeeded, the typed
	 * {@link CloudException} for its {@code error} otherwise. A not-done operation is returned as is.
	 */
	public Operation checkOutcome(Operation operation) {
		throw new UnsupportedOperationException("not written yet");
	}

	/**
	 * Polls until done with backoff between polls; fails with {@link CloudException.OperationTimeoutException}
	 * (naming the operation id) at the deadline, and with the typed error when the operation ends in error.
	 */
	public Mono<Operation> awaitDone(IamToken token, Operation operation) {
		throw new UnsupportedOperationException("not written yet");
	}

}
