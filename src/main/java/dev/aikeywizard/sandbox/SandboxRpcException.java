package dev.aikeywizard.sandbox;

import java.util.Map;

/**
 * A failed cloud call, written as a google.rpc.Status body with the reference's HTTP mapping. The message never
 * contains a token or a secret.
 */
class SandboxRpcException extends RuntimeException {

	private final Code code;

	private final Map<String, String> headers;

	SandboxRpcException(Code code, String message) {
		this(code, message, Map.of());
	}

	SandboxRpcException(Code code, String message, Map<String, String> headers) {
		super(message, null, false, false);
		this.code = code;
		this.headers = headers;
	}

	Code code() {
		return this.code;
	}

	Map<String, String> headers() {
		return this.headers;
	}

	static SandboxRpcException invalid(String message) {
		return new SandboxRpcException(Code.INVALID_ARGUMENT, message);
	}

	static SandboxRpcException notFound(String message) {
		return new SandboxRpcException(Code.NOT_FOUND, message);
	}

	static SandboxRpcException denied(String message) {
		return new SandboxRpcException(Code.PERMISSION_DENIED, message);
	}

	static SandboxRpcException unauthenticated(String message) {
		return new SandboxRpcException(Code.UNAUTHENTICATED, message);
	}

	/** google.rpc.Code with the HTTP status of Yandex Cloud's REST gateway. */
	enum Code {

		CANCELLED(1, 499), UNKNOWN(2, 500), INVALID_ARGUMENT(3, 400), DEADLINE_EXCEEDED(4, 504), NOT_FOUND(5, 404),
		ALREADY_EXISTS(6, 409), PERMISSION_DENIED(7, 403), RESOURCE_EXHAUSTED(8, 429), FAILED_PRECONDITION(9, 400),
		ABORTED(10, 409), OUT_OF_RANGE(11, 400), UNIMPLEMENTED(12, 501), INTERNAL(13, 500), UNAVAILABLE(14, 503),
		DATA_LOSS(15, 500), UNAUTHENTICATED(16, 401);

		final int number;

		final int http;

		Code(int number, int http) {
			this.number = number;
			this.http = http;
		}

	}

}
