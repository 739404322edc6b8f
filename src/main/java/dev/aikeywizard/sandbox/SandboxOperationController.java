package dev.aikeywizard.sandbox;

import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;

import dev.aikeywizard.sandbox.SandboxGateway.Caller;
import dev.aikeywizard.sandbox.SandboxWorld.OpRec;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operations ({@code operation.api.cloud.yandex.net}) under {@code /sandbox/operation}: each poll moves an
 * Operation one step closer to {@code done}; it finishes on the {@code app.sandbox.operation-polls}-th poll (4 for
 * the flaky persona), and not before {@code app.sandbox.operation-duration} has passed since its creation.
 */
@RestController
@ConditionalOnBooleanProperty("app.sandbox.enabled")
class SandboxOperationController {

	private final SandboxGateway gateway;

	SandboxOperationController(SandboxGateway gateway) {
		this.gateway = gateway;
	}

	@GetMapping("/sandbox/operation/operations/{operationId}")
	ResponseEntity<String> get(@PathVariable String operationId, HttpServletRequest request) {
		if (operationId.contains(":")) {
			throw new SandboxRpcException(SandboxRpcException.Code.UNIMPLEMENTED,
					"Operation cancellation is not emulated by the sandbox");
		}
		Caller caller = this.gateway.caller(request, true);
		synchronized (caller.world()) {
			OpRec op = caller.world().operations.get(operationId);
			if (op == null) {
				throw SandboxRpcException.notFound("Operation " + operationId + " not found");
			}
			if (!op.done()) {
				op.polls++;
				if (op.done()) {
					op.modifiedAt = Instant.now();
				}
			}
			return SandboxGateway.ok(SandboxGateway.view(op));
		}
	}

}
