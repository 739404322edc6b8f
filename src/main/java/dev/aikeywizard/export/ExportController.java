package dev.aikeywizard.export;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import dev.aikeywizard.wizard.FoundationRole;
import dev.aikeywizard.wizard.IssuedKey;
import dev.aikeywizard.wizard.KeyScope;
import dev.aikeywizard.wizard.KeySettings;
import dev.aikeywizard.wizard.WizardRun;
import dev.aikeywizard.wizard.WizardRuns;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** Downloads of the run's key setup as a {@code yc} script and as Terraform (links on the key page). */
@Controller
@RequestMapping("/wizard/key/export")
class ExportController {

	private final WizardRuns runs;

	ExportController(WizardRuns runs) {
		this.runs = runs;
	}

	@GetMapping("/yc")
	ResponseEntity<String> yc(Authentication user, HttpSession session) {
		return download(user, session, ".sh", YcScript::render);
	}

	@GetMapping("/terraform")
	ResponseEntity<String> terraform(Authentication user, HttpSession session) {
		return download(user, session, ".tf", TerraformFile::render);
	}

	private ResponseEntity<String> download(Authentication user, HttpSession session, String extension,
			Function<KeySetup, String> renderer) {
		WizardRun run = this.runs.current(session, user);
		IssuedKey key = run.issuedKey();
		if (key == null) {
			return ResponseEntity.status(303).header(HttpHeaders.LOCATION, "/wizard").build();
		}
		KeySettings settings = run.keySettings();
		KeySetup setup = new KeySetup(key.folderId(), key.serviceAccountName(), key.serviceAccountId(),
				key.roles().stream().map(FoundationRole::id).toList(),
				key.scopes().stream().map(KeyScope::id).toList(), key.expiresAt(),
				(settings != null) ? settings.description() : "");
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(key.serviceAccountName() + extension).build().toString())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.header("X-Content-Type-Options", "nosniff")
			.body(renderer.apply(setup));
	}

}
