package dev.aikeywizard.sandbox;

import jakarta.servlet.http.HttpServletRequest;

import dev.aikeywizard.sandbox.SandboxRpcException.Code;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns every failure of an emulated cloud call into a google.rpc.Status body with the gateway's HTTP status and a
 * RequestInfo detail. Yandex ID endpoints report their own OAuth errors and are not covered here.
 */
@RestControllerAdvice(assignableTypes = { SandboxIamController.class, SandboxKeyController.class,
		SandboxResourceManagerController.class, SandboxBillingController.class, SandboxOperationController.class,
		SandboxLlmController.class, SandboxLockboxController.class })
@ConditionalOnBooleanProperty("app.sandbox.enabled")
class SandboxErrorAdvice {

	private static final Log logger = LogFactory.getLog(SandboxErrorAdvice.class);

	@ExceptionHandler
	ResponseEntity<String> rpc(SandboxRpcException ex, HttpServletRequest request) {
		return SandboxGateway.error(ex, SandboxGateway.requestId(request));
	}

	@ExceptionHandler({ MissingServletRequestParameterException.class, MissingRequestHeaderException.class,
			HttpMediaTypeNotSupportedException.class })
	ResponseEntity<String> badRequest(Exception ex, HttpServletRequest request) {
		return rpc(SandboxRpcException.invalid(ex.getMessage()), request);
	}

	@ExceptionHandler
	ResponseEntity<String> method(HttpRequestMethodNotSupportedException ex, HttpServletRequest request) {
		return rpc(new SandboxRpcException(Code.UNIMPLEMENTED, "Method " + ex.getMethod() + " is not implemented"),
				request);
	}

	@ExceptionHandler
	ResponseEntity<String> unexpected(RuntimeException ex, HttpServletRequest request) {
		logger.error("Sandbox failure", ex);
		return rpc(new SandboxRpcException(Code.INTERNAL, "Internal error"), request);
	}

}
