package dev.aikeywizard.cloud;

/** google.rpc.Code with the HTTP status Yandex Cloud's REST gateway maps each to. */
public enum RpcCode {

	OK(0, 200), CANCELLED(1, 499), UNKNOWN(2, 500), INVALID_ARGUMENT(3, 400), DEADLINE_EXCEEDED(4, 504),
	NOT_FOUND(5, 404), ALREADY_EXISTS(6, 409), PERMISSION_DENIED(7, 403), RESOURCE_EXHAUSTED(8, 429),
	FAILED_PRECONDITION(9, 400), ABORTED(10, 409), OUT_OF_RANGE(11, 400), UNIMPLEMENTED(12, 501), INTERNAL(13, 500),
	UNAVAILABLE(14, 503), DATA_LOSS(15, 500), UNAUTHENTICATED(16, 401);

	private final int number;

	private final int httpStatus;

	RpcCode(int number, int httpStatus) {
		this.number = number;
		this.httpStatus = httpStatus;
	}

	public int number() {
		return this.number;
	}

	public int httpStatus() {
		return this.httpStatus;
	}

	/**
	 * True when a call that ended with this code was refused as asked and changed nothing (the request was wrong or
	 * not allowed); false when it may have been applied and only its answer was lost or failed (UNAVAILABLE,
	 * DEADLINE_EXCEEDED, INTERNAL, ...).
	 */
	public boolean refusedWithoutEffect() {
		return switch (this) {
			case INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION,
					OUT_OF_RANGE, UNIMPLEMENTED, UNAUTHENTICATED -> true;
			default -> false;
		};
	}

	public static RpcCode ofNumber(int number) {
		for (RpcCode code : values()) {
			if (code.number == number) {
				return code;
			}
		}
		return UNKNOWN;
	}

}
