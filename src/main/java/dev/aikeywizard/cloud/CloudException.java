package dev.aikeywizard.cloud;

import java.util.List;
import java.util.Map;

/**
 * Base of every failure the cloud client reports: the google.rpc code, the HTTP status, the server's message and
 * details, and the request id (the server's {@code x-request-id} or the RequestInfo detail, else our
 * {@code x-client-request-id}). Messages never contain credentials.
 */
public class CloudException extends RuntimeException {

	private final RpcCode code;

	private final int httpStatus;

	private final String serverMessage;

	private final List<Map<String, Object>> details;

	private final String requestId;

	private java.time.Duration retryAfter;

	public CloudException(RpcCode code, int httpStatus, String serverMessage, List<Map<String, Object>> details,
			String requestId, Throwable cause) {
		super(code + " (HTTP " + httpStatus + "): " + serverMessage + (requestId != null ? " [request id " + requestId + "]" : ""),
				cause);
		this.code = code;
		this.httpStatus = httpStatus;
		this.serverMessage = serverMessage;
		this.details = (details != null) ? List.copyOf(details) : List.of();
		this.requestId = requestId;
	}

	public RpcCode code() {
		return this.code;
	}

	public int httpStatus() {
		return this.httpStatus;
	}

	public String serverMessage() {
		return this.serverMessage;
	}

	public List<Map<String, Object>> details() {
		return this.details;
	}

	public String requestId() {
		return this.requestId;
	}

	/** The server's {@code Retry-After}, when it sent one. */
	public java.util.Optional<java.time.Duration> retryAfter() {
		return java.util.Optional.ofNullable(this.retryAfter);
	}

	CloudException retryAfter(java.time.Duration retryAfter) {
		this.retryAfter = retryAfter;
		return this;
	}

	/** Builds the most specific subclass for {@code code}. */
	public static CloudException of(RpcCode code, int httpStatus, String message, List<Map<String, Object>> details,
			String requestId) {
		return switch (code) {
			case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE ->
				new InvalidArgumentException(code, httpStatus, message, details, requestId);
			case UNAUTHENTICATED -> new UnauthenticatedException(code, httpStatus, message, details, requestId);
			case PERMISSION_DENIED -> new PermissionDeniedException(code, httpStatus, message, details, requestId);
			case NOT_FOUND -> new NotFoundException(code, httpStatus, message, details, requestId);
			case ALREADY_EXISTS -> new AlreadyExistsException(code, httpStatus, message, details, requestId);
			case RESOURCE_EXHAUSTED -> new ResourceExhaustedException(code, httpStatus, message, details, requestId);
			case UNAVAILABLE -> new UnavailableException(code, httpStatus, message, details, requestId, null);
			default -> new CloudException(code, httpStatus, message, details, requestId, null);
		};
	}

	public static class InvalidArgumentException extends CloudException {

		public InvalidArgumentException(RpcCode code, int httpStatus, String message,
				List<Map<String, Object>> details, String requestId) {
			super(code, httpStatus, message, details, requestId, null);
		}

	}

	public static class UnauthenticatedException extends CloudException {

		public UnauthenticatedException(RpcCode code, int httpStatus, String message,
				List<Map<String, Object>> details, String requestId) {
			super(code, httpStatus, message, details, requestId, null);
		}

	}

	public static class PermissionDeniedException extends CloudException {

		public PermissionDeniedException(RpcCode code, int httpStatus, String message,
				List<Map<String, Object>> details, String requestId) {
			super(code, httpStatus, message, details, requestId, null);
		}

	}

	public static class NotFoundException extends CloudException {

		public NotFoundException(RpcCode code, int httpStatus, String message, List<Map<String, Object>> details,
				String requestId) {
			super(code, httpStatus, message, details, requestId, null);
		}

	}

	public static class AlreadyExistsException extends CloudException {

		public AlreadyExistsException(RpcCode code, int httpStatus, String message,
				List<Map<String, Object>> details, String requestId) {
			super(code, httpStatus, message, details, requestId, null);
		}

	}

	public static class ResourceExhaustedException extends CloudException {

		public ResourceExhaustedException(RpcCode code, int httpStatus, String message,
				List<Map<String, Object>> details, String requestId) {
			super(code, httpStatus, message, details, requestId, null);
		}

	}

	/** 503/UNAVAILABLE, or no answer at all (connection refused, timeout): {@code httpStatus} is 0 then. */
	public static class UnavailableException extends CloudException {

		public UnavailableException(RpcCode code, int httpStatus, String message,
				List<Map<String, Object>> details, String requestId, Throwable cause) {
			super(code, httpStatus, message, details, requestId, cause);
		}

	}

	/** An operation still not done at the poller's deadline. */
	public static class OperationTimeoutException extends CloudException {

		private final String operationId;

		public OperationTimeoutException(String operationId, java.time.Duration waited) {
			super(RpcCode.DEADLINE_EXCEEDED, 504, "operation " + operationId + " not done after " + waited, List.of(),
					null, null);
			this.operationId = operationId;
		}

		public String operationId() {
			return this.operationId;
		}

	}

}
