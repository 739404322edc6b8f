package dev.aikeywizard.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import dev.aikeywizard.sandbox.SandboxWire.Endpoint;
import dev.aikeywizard.sandbox.SandboxWorld.BindingRec;
import dev.aikeywizard.sandbox.SandboxWorld.FolderRec;
import dev.aikeywizard.sandbox.SandboxWorld.KeyRec;
import dev.aikeywizard.sandbox.SandboxWorld.SaRec;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code GET /sandbox}: a read-only page showing what each persona's world holds now (never a secret), and
 * {@code GET /sandbox/endpoints}, the endpoint discovery document.
 */
@Controller
@ConditionalOnBooleanProperty("app.sandbox.enabled")
class SandboxPageController {

	private final SandboxWorlds worlds;

	SandboxPageController(SandboxWorlds worlds) {
		this.worlds = worlds;
	}

	@GetMapping({ "/sandbox", "/sandbox/" })
	String index(Model model) {
		List<WorldView> views = new ArrayList<>();
		for (SandboxWorld world : this.worlds.all()) {
			synchronized (world) {
				views.add(WorldView.of(world));
			}
		}
		model.addAttribute("worlds", views);
		return "sandbox/index";
	}

	/**
	 * Unlike the real service (which answers {@code host:443}), addresses are full base URLs, because each emulated
	 * host is a path prefix of this application.
	 */
	@GetMapping("/sandbox/endpoints")
	ResponseEntity<String> endpoints(HttpServletRequest request) {
		String base = ServletUriComponentsBuilder.fromContextPath(request).path("/sandbox").toUriString();
		return SandboxGateway.ok(new SandboxWire.Endpoints(List.of(new Endpoint("iam", base + "/iam"),
				new Endpoint("resource-manager", base + "/resource-manager"), new Endpoint("billing", base + "/billing"),
				new Endpoint("operation", base + "/operation"), new Endpoint("ai-foundation-models", base + "/llm"),
				new Endpoint("ai-llm", base + "/llm"))));
	}

	public record WorldView(String persona, String login, String scenario, String cloudId, List<FolderView> folders,
			List<SaView> serviceAccounts, List<BindingView> bindings, List<KeyView> keys, int operations) {

		static WorldView of(SandboxWorld world) {
			Instant now = Instant.now();
			return new WorldView(world.persona.name(), world.persona.login(), world.persona.scenario(),
					world.clouds.get(0).id, world.folders.stream().map(FolderView::of).toList(),
					world.serviceAccounts.stream().map(SaView::of).toList(),
					world.bindings.stream()
						.filter((b) -> world.folder(b.resourceId).isPresent())
						.map((b) -> BindingView.of(world, b, now))
						.toList(),
					world.apiKeys.stream().map((k) -> KeyView.of(world, k, now)).toList(), world.operations.size());
		}

	}

	public record FolderView(String id, String name, String status) {

		static FolderView of(FolderRec f) {
			return new FolderView(f.id, f.name, f.status);
		}

	}

	public record SaView(String id, String name, String folderId, String description, String createdAt) {

		static SaView of(SaRec sa) {
			return new SaView(sa.id, sa.name, sa.folderId, sa.description, sa.createdAt.toString());
		}

	}

	public record BindingView(String folder, String roleId, String subjectType, String subjectId, String subjectName,
			boolean effective) {

		static BindingView of(SandboxWorld world, BindingRec b, Instant now) {
			String folder = world.folder(b.resourceId).map((f) -> f.name).orElse(b.resourceId);
			String name = world.serviceAccount(b.subjectId).map((sa) -> sa.name).orElse("");
			return new BindingView(folder, b.roleId, b.subjectType, b.subjectId, name, !b.effectiveAt.isAfter(now));
		}

	}

	public record KeyView(String id, String serviceAccount, String scopes, String expiresAt, String maskedSecret,
			boolean expired) {

		static KeyView of(SandboxWorld world, KeyRec k, Instant now) {
			String sa = world.serviceAccount(k.serviceAccountId).map((s) -> s.name).orElse(k.serviceAccountId);
			return new KeyView(k.id, sa, String.join(", ", k.scopes),
					(k.expiresAt != null) ? k.expiresAt.toString() : "never", k.maskedSecret,
					k.expiresAt != null && !k.expiresAt.isAfter(now));
		}

	}

}
