package dev.aikeywizard.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import dev.aikeywizard.sandbox.SandboxGateway.Caller;
import dev.aikeywizard.sandbox.SandboxGateway.Outcome;
import dev.aikeywizard.sandbox.SandboxGateway.Page;
import dev.aikeywizard.sandbox.SandboxRpcException.Code;
import dev.aikeywizard.sandbox.SandboxWire.AccessBinding;
import dev.aikeywizard.sandbox.SandboxWire.AccessBindingDelta;
import dev.aikeywizard.sandbox.SandboxWire.Subject;
import dev.aikeywizard.sandbox.SandboxWire.UpdateAccessBindingsRequest;
import dev.aikeywizard.sandbox.SandboxWorld.BindingRec;
import dev.aikeywizard.sandbox.SandboxWorld.CloudRec;
import dev.aikeywizard.sandbox.SandboxWorld.FolderRec;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Resource Manager ({@code resource-manager.api.cloud.yandex.net}) under {@code /sandbox/resource-manager}: clouds,
 * folders and folder access bindings. Paths such as {@code folders/{id}:updateAccessBindings} are captured as one
 * segment and split on the colon.
 */
@RestController
@RequestMapping("/sandbox/resource-manager/resource-manager/v1")
@ConditionalOnBooleanProperty("app.sandbox.enabled")
class SandboxResourceManagerController {

	private static final Set<String> SUBJECT_TYPES = Set.of("userAccount", "serviceAccount", "federatedUser",
			"system", "group");

	private static final Pattern ROLE_ID = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-zA-Z][a-zA-Z0-9-]*)*");

	private final SandboxGateway gateway;

	SandboxResourceManagerController(SandboxGateway gateway) {
		this.gateway = gateway;
	}

	@GetMapping("/clouds")
	ResponseEntity<String> listClouds(@RequestParam(required = false) String pageSize,
			@RequestParam(required = false) String pageToken, @RequestParam(required = false) String filter,
			@RequestParam(required = false) String organizationId, HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, true);
		String nameFilter = SandboxIamController.nameFilter(filter);
		SandboxIamController.max("organizationId", organizationId, 50);
		synchronized (caller.world()) {
			List<SandboxWire.Cloud> all = caller.world().clouds.stream()
				.filter((c) -> nameFilter == null || c.name.equals(nameFilter))
				.filter((c) -> organizationId == null || organizationId.isEmpty()
						|| c.organizationId.equals(organizationId))
				.map(SandboxResourceManagerController::view)
				.toList();
			Page<SandboxWire.Cloud> page = this.gateway.page(all, pageSize, pageToken, 2000);
			return SandboxGateway.ok(new SandboxWire.CloudPage(page.items(), page.nextPageToken()));
		}
	}

	@GetMapping("/clouds/{cloudId}")
	ResponseEntity<String> getCloud(@PathVariable String cloudId, HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, true);
		synchronized (caller.world()) {
			return SandboxGateway.ok(view(cloud(caller.world(), cloudId)));
		}
	}

	@GetMapping("/folders")
	ResponseEntity<String> listFolders(@RequestParam(required = false) String cloudId,
			@RequestParam(required = false) String pageSize, @RequestParam(required = false) String pageToken,
			@RequestParam(required = false) String filter, HttpServletRequest request) {
		Caller caller = this.gateway.caller(request, true);
		String cloud = SandboxIamController.required("cloudId", cloudId, 50);
		String nameFilter = SandboxIamController.nameFilter(filter);
		synchronized (caller.world()) {
			cloud(caller.world(), cloud);
			List<SandboxWire.Folder> all = caller.world().folders.stream()
				.filter((f) -> f.cloudId.equals(cloud))
				.filter((f) -> nameFilter == null || f.name.equals(nameFilter))
				.map(SandboxResourceManagerController::view)
				.toList();
			Page<SandboxWire.Folder> page = this.gateway.page(all, pageSize, pageToken, 2000);
			return SandboxGateway.ok(new SandboxWire.FolderPage(page.items(), page.nextPageToken()));
		}
	}

	/** {@code GET folders/{folderId}} and {@code GET folders/{folderId}:listAccessBindings}. */
	@GetMapping("/folders/{resourceAction}")
	ResponseEntity<String> getFolder(@PathVariable String resourceAction,
			@RequestParam(required = false) String pageSize, @RequestParam(required = false) String pageToken,
			HttpServletRequest request) {
		String[] parts = resourceAction.split(":", 2);
		String action = (parts.length == 2) ? parts[1] : "";
		if (!action.isEmpty() && !"listAccessBindings".equals(action)) {
			throw new SandboxRpcException(Code.UNIMPLEMENTED, "Method :" + action + " is not emulated by the sandbox");
		}
		Caller caller = this.gateway.caller(request, true);
		synchronized (caller.world()) {
			FolderRec folder = folder(caller.world(), parts[0]);
			SandboxGateway.requireAnyRole(caller, folder.id);
			if (action.isEmpty()) {
				return SandboxGateway.ok(view(folder));
			}
			List<AccessBinding> all = caller.world().bindings.stream()
				.filter((b) -> b.resourceId.equals(folder.id))
				.map((b) -> new AccessBinding(b.roleId, new Subject(b.subjectId, b.subjectType)))
				.toList();
			Page<AccessBinding> page = this.gateway.page(all, pageSize, pageToken, 100);
			return SandboxGateway.ok(new SandboxWire.AccessBindingPage(page.items(), page.nextPageToken()));
		}
	}

	/** {@code POST folders/{folderId}:updateAccessBindings}. */
	@PostMapping("/folders/{resourceAction}")
	ResponseEntity<String> updateFolder(@PathVariable String resourceAction,
			@RequestBody(required = false) String body, HttpServletRequest request) {
		String[] parts = resourceAction.split(":", 2);
		if (parts.length != 2 || !"updateAccessBindings".equals(parts[1])) {
			throw new SandboxRpcException(Code.UNIMPLEMENTED,
					"Method " + ((parts.length == 2) ? ":" + parts[1] : "POST folders/{id}")
							+ " is not emulated by the sandbox");
		}
		String folderId = parts[0];
		Caller caller = this.gateway.caller(request, false);
		return this.gateway.mutate(caller, request, body, "updateAccessBindings", () -> {
			UpdateAccessBindingsRequest req = SandboxJson.read(body, UpdateAccessBindingsRequest.class);
			List<AccessBindingDelta> deltas = req.accessBindingDeltas();
			if (deltas == null || deltas.isEmpty() || deltas.size() > 1000) {
				throw SandboxRpcException.invalid("accessBindingDeltas: between 1 and 1000 items are required");
			}
			for (int i = 0; i < deltas.size(); i++) {
				validate("accessBindingDeltas[" + i + "]", deltas.get(i));
			}
			SandboxWorld world = caller.world();
			FolderRec folder = folder(world, folderId);
			SandboxGateway.requireRole(caller, folder.id, SandboxGateway.GRANTERS,
					"resource-manager.folders.updateAccessBindings");
			for (int i = 0; i < deltas.size(); i++) {
				Subject subject = deltas.get(i).accessBinding().subject();
				if ("ADD".equals(deltas.get(i).action()) && "serviceAccount".equals(subject.type())
						&& world.serviceAccount(subject.id()).isEmpty()) {
					throw SandboxRpcException.notFound("accessBindingDeltas[" + i + "]: service account "
							+ subject.id() + " not found");
				}
			}
			Instant effectiveAt = Instant.now().plus(this.gateway.properties().rolePropagationDelay());
			List<AccessBindingDelta> effective = new ArrayList<>();
			for (AccessBindingDelta delta : deltas) {
				AccessBinding binding = delta.accessBinding();
				BindingRec existing = world.bindings.stream()
					.filter((b) -> b.resourceId.equals(folder.id) && b.roleId.equals(binding.roleId())
							&& b.subjectId.equals(binding.subject().id())
							&& b.subjectType.equals(binding.subject().type()))
					.findFirst()
					.orElse(null);
				if ("ADD".equals(delta.action()) && existing == null) {
					BindingRec rec = new BindingRec();
					rec.resourceId = folder.id;
					rec.roleId = binding.roleId();
					rec.subjectId = binding.subject().id();
					rec.subjectType = binding.subject().type();
					rec.effectiveAt = effectiveAt;
					world.bindings.add(rec);
					effective.add(delta);
				}
				else if ("REMOVE".equals(delta.action()) && existing != null) {
					world.bindings.remove(existing);
					effective.add(delta);
				}
			}
			return Outcome.of(this.gateway.newOperation(caller, "b1g", "Update access bindings",
					SandboxJson.any("yandex.cloud.access.UpdateAccessBindingsMetadata",
							Map.of("resourceId", folder.id)),
					SandboxJson.any("yandex.cloud.access.AccessBindingsOperationResult",
							Map.of("effectiveDeltas", effective)),
					null));
		});
	}

	private static void validate(String at, AccessBindingDelta delta) {
		if (delta == null) {
			throw SandboxRpcException.invalid(at + ": a value is required");
		}
		if (delta.action() == null || delta.action().isEmpty()) {
			throw SandboxRpcException.invalid(at + ".action: a value is required");
		}
		if (!"ADD".equals(delta.action()) && !"REMOVE".equals(delta.action())) {
			throw SandboxRpcException.invalid(at + ".action: invalid value '" + delta.action()
					+ "', expected ADD or REMOVE");
		}
		AccessBinding binding = delta.accessBinding();
		if (binding == null) {
			throw SandboxRpcException.invalid(at + ".accessBinding: a value is required");
		}
		String roleId = SandboxIamController.required(at + ".accessBinding.roleId", binding.roleId(), 64);
		if (!ROLE_ID.matcher(roleId).matches()) {
			throw SandboxRpcException.invalid(at + ".accessBinding.roleId: invalid role id '" + roleId + "'");
		}
		Subject subject = binding.subject();
		if (subject == null) {
			throw SandboxRpcException.invalid(at + ".accessBinding.subject: a value is required");
		}
		SandboxIamController.required(at + ".accessBinding.subject.id", subject.id(), 100);
		String type = SandboxIamController.required(at + ".accessBinding.subject.type", subject.type(), 100);
		if (!SUBJECT_TYPES.contains(type)) {
			throw SandboxRpcException.invalid(at + ".accessBinding.subject.type: invalid value '" + type
					+ "', expected one of userAccount, serviceAccount, federatedUser, system, group");
		}
	}

	static SandboxWire.Cloud view(CloudRec cloud) {
		return new SandboxWire.Cloud(cloud.id, cloud.createdAt.toString(), cloud.name, cloud.description,
				cloud.organizationId);
	}

	static SandboxWire.Folder view(FolderRec folder) {
		return new SandboxWire.Folder(folder.id, folder.cloudId, folder.createdAt.toString(), folder.name,
				folder.description, folder.status);
	}

	private static CloudRec cloud(SandboxWorld world, String id) {
		return world.cloud(id).orElseThrow(() -> SandboxRpcException.notFound("Cloud " + id + " not found"));
	}

	private static FolderRec folder(SandboxWorld world, String id) {
		return world.folder(id).orElseThrow(() -> SandboxRpcException.notFound("Folder " + id + " not found"));
	}

}
