package dev.aikeywizard.keys;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.aikeywizard.cloud.IamToken;
import dev.aikeywizard.security.CloudCredentialService;
import dev.aikeywizard.wizard.IssuePolicy;
import dev.aikeywizard.wizard.KeyDates;
import dev.aikeywizard.wizard.KeyExpiry;
import dev.aikeywizard.wizard.KeyScope;
import dev.aikeywizard.wizard.ResourceIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * My keys: the folder's keys, and for one key revoke, change (expiry, scopes), rotate and its calendar reminder.
 * Every change reads the key from the cloud first ({@link KeyLookup}); GETs only read.
 */
@Controller
@RequestMapping("/keys")
class KeysController {

	private final KeyFolders folders;

	private final KeyInventory inventory;

	private final KeyLookup lookup;

	private final KeyRevocation revocation;

	private final KeyChange change;

	private final KeyRotation rotation;

	private final RotationIntents intents;

	private final KeyDates dates;

	private final CloudCredentialService credentials;

	private final Clock clock;

	private final IssuePolicy policy;

	KeysController(KeyFolders folders, KeyInventory inventory, KeyLookup lookup, KeyRevocation revocation,
			KeyChange change, KeyRotation rotation, RotationIntents intents, KeyDates dates,
			CloudCredentialService credentials, Clock clock, IssuePolicy policy) {
		this.policy = policy;
		this.folders = folders;
		this.inventory = inventory;
		this.lookup = lookup;
		this.revocation = revocation;
		this.change = change;
		this.rotation = rotation;
		this.intents = intents;
		this.dates = dates;
		this.credentials = credentials;
		this.clock = clock;
	}

	@GetMapping
	String list(Authentication user, @RequestParam(required = false) String folderId,
			@RequestParam(required = false) String done, Model model) {
		IamToken token = this.credentials.iamToken(user);
		List<KeyFolders.Choice> choices = this.folders.choices(token);
		String chosen = (folderId != null && !folderId.isBlank()) ? folderId
				: (choices.isEmpty() ? null : choices.get(0).folderId());
		if (chosen != null && choices.stream().noneMatch((c) -> c.folderId().equals(chosen))) {
			throw new KeyRefusedException(404, "keys.refused.folder");
		}
		model.addAttribute("choices", choices);
		model.addAttribute("folderId", chosen);
		model.addAttribute("accounts",
				(chosen != null) ? this.inventory.folder(token, user.getName(), chosen) : List.of());
		model.addAttribute("done", (done != null && done.matches("[a-zA-Z]{1,20}")) ? done : null);
		return "keys/list";
	}

	// ---- revoke ----

	@GetMapping("/{keyId}/revoke")
	String confirmRevoke(Authentication user, @PathVariable String keyId, @RequestParam String folderId,
			Model model) {
		model.addAttribute("owned",
				this.lookup.find(this.credentials.iamToken(user), user.getName(), folderId, keyId));
		return "keys/revoke";
	}

	@PostMapping("/{keyId}/revoke")
	String revoke(Authentication user, @PathVariable String keyId, @RequestParam String folderId) {
		IamToken token = this.credentials.iamToken(user);
		OwnedKey owned = this.lookup.find(token, user.getName(), folderId, keyId);
		this.revocation.revoke(user.getName(), token, owned);
		return "redirect:" + listUrl(folderId, "revoked");
	}

	// ---- extend, shorten, scopes ----

	@GetMapping("/{keyId}/edit")
	String edit(Authentication user, @PathVariable String keyId, @RequestParam String folderId,
			@RequestParam(required = false) String timeZone, Model model) {
		OwnedKey owned = this.lookup.find(this.credentials.iamToken(user), user.getName(), folderId, keyId);
		ZoneId zone = KeyExpiry.zone(timeZone);
		model.addAttribute("owned", owned);
		model.addAttribute("formId", java.util.UUID.randomUUID().toString());
		model.addAttribute("scopes", KeyScope.values());
		model.addAttribute("expiresOn", (owned.key().expiresAt() != null)
				? LocalDate.ofInstant(owned.key().expiresAt(), zone) : this.dates.recommended(zone));
		model.addAttribute("minExpiry", this.dates.today(zone).plusDays(1));
		model.addAttribute("maxExpiry", this.dates.latest(zone));
		return "keys/edit";
	}

	@PostMapping("/{keyId}/edit")
	String save(Authentication user, @PathVariable String keyId, @RequestParam String folderId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate expiresOn,
			@RequestParam(required = false) String timeZone, @RequestParam(defaultValue = "") String formId,
			@RequestParam(name = "scopes", required = false) List<String> scopes) {
		if (formId.length() > 64) {
			throw new KeyRefusedException(400, "problem.badRequest");
		}
		ZoneId zone = KeyExpiry.zone(timeZone);
		Instant expiresAt = null;
		if (expiresOn != null) {
			if (!expiresOn.isAfter(this.dates.today(zone))) {
				throw new KeyRefusedException(400, "error.expiry.past");
			}
			if (expiresOn.isAfter(this.dates.latest(zone))) {
				throw new KeyRefusedException(400, "error.expiry.tooLate", this.dates.latest(zone));
			}
			expiresAt = new KeyExpiry(expiresOn, zone).instant();
		}
		Set<KeyScope> chosen = parseScopes(scopes);
		for (KeyScope scope : chosen) {
			if (!this.policy.allowsScope(scope.id())) {
				throw new KeyRefusedException(403, "policy.scope", scope.id());
			}
		}
		IamToken token = this.credentials.iamToken(user);
		OwnedKey owned = this.lookup.find(token, user.getName(), folderId, keyId);
		List<String> newScopes = null;
		if (scopes != null) {
			// the Foundation Models scopes as chosen; any other scope the key has is kept
			newScopes = new ArrayList<>(owned.key().scopes().stream().filter((s) -> KeyScope.ofId(s).isEmpty()).toList());
			for (KeyScope scope : KeyScope.values()) {
				if (chosen.contains(scope)) {
					newScopes.add(scope.id());
				}
			}
			if (owned.key().scopes().size() == newScopes.size() && newScopes.containsAll(owned.key().scopes())) {
				newScopes = null; // the same set: nothing to change
			}
		}
		this.change.change(user.getName(), token, owned, formId, expiresAt, newScopes);
		return "redirect:" + listUrl(folderId, "changed");
	}

	private static Set<KeyScope> parseScopes(List<String> ids) {
		Set<KeyScope> scopes = java.util.EnumSet.noneOf(KeyScope.class);
		if (ids == null) {
			return scopes;
		}
		for (String id : ids) {
			scopes.add(KeyScope.ofId(id).orElseThrow(() -> new KeyRefusedException(400, "error.scopes.unknown")));
		}
		if (scopes.isEmpty()) {
			throw new KeyRefusedException(400, "error.scopes.unknown");
		}
		return scopes;
	}

	// ---- rotate ----

	@GetMapping("/{keyId}/rotate")
	String confirmRotate(Authentication user, HttpSession session, @PathVariable String keyId,
			@RequestParam String folderId, @RequestParam(required = false) String timeZone, Model model) {
		OwnedKey owned = this.lookup.find(this.credentials.iamToken(user), user.getName(), folderId, keyId);
		ZoneId zone = KeyExpiry.zone(timeZone);
		KeyExpiry expiry = new KeyExpiry(this.dates.recommended(zone), zone);
		RotationIntent intent = this.intents.offer(session, user.getName(), folderId, keyId, expiry.instant());
		model.addAttribute("owned", owned);
		model.addAttribute("intentId", intent.id);
		model.addAttribute("expiresAt", intent.expiresAt);
		return "keys/rotate";
	}

	/** Makes the successor once and shows its secret in this one response, never cached. */
	@PostMapping("/rotations/{intentId}")
	String rotate(Authentication user, HttpSession session, @PathVariable String intentId, Model model,
			HttpServletResponse response) {
		RotationIntent intent = this.intents.find(session, user.getName(), intentId)
			.orElseThrow(() -> new KeyRefusedException(404, "keys.refused.rotation"));
		Rotation rotated = this.rotation.rotate(this.credentials.iamToken(user), intent);
		this.intents.save(session, intent);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader("Pragma", "no-cache");
		model.addAttribute("old", rotated.old());
		model.addAttribute("successor", rotated.successor());
		model.addAttribute("secret", rotated.secret());
		return "keys/rotated";
	}

	// ---- reminder ----

	@GetMapping(path = "/{keyId}/reminder.ics")
	ResponseEntity<byte[]> reminder(Authentication user, @PathVariable String keyId, @RequestParam String folderId,
			HttpServletRequest request) {
		OwnedKey owned = this.lookup.find(this.credentials.iamToken(user), user.getName(), folderId, keyId);
		if (owned.key().expiresAt() == null) {
			throw new KeyRefusedException(404, "keys.refused.neverExpires", keyId);
		}
		String link = ServletUriComponentsBuilder.fromContextPath(request)
			.path("/keys")
			.queryParam("folderId", folderId)
			.build()
			.toUriString();
		String ics = KeyReminder.calendar(owned.key().id(), owned.key().maskedSecret(), owned.account().name(),
				folderId, owned.key().expiresAt(), this.clock.instant(), link);
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "calendar", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("api-key-" + keyId + "-expiry.ics").build().toString())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(ics.getBytes(StandardCharsets.UTF_8));
	}

	private static String listUrl(String folderId, String done) {
		if (!ResourceIds.isResourceId(folderId)) {
			return "/keys";
		}
		return UriComponentsBuilder.fromPath("/keys").queryParam("folderId", folderId).queryParam("done", done)
			.build()
			.toUriString();
	}

}
