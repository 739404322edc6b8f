package dev.aikeywizard.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import dev.aikeywizard.sandbox.SandboxGateway.Caller;
import dev.aikeywizard.sandbox.SandboxWire.Token;
import dev.aikeywizard.sandbox.SandboxWire.TokenizeRequest;
import dev.aikeywizard.sandbox.SandboxWorld.KeyRec;
import dev.aikeywizard.sandbox.SandboxWorld.SaRec;
import dev.aikeywizard.sandbox.SandboxWorlds.KeyRef;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Foundation Models ({@code llm.api.cloud.yandex.net}) under {@code /sandbox/llm}: only the tokenizer, the cheap call
 * that proves an API key works. It checks the key, its scopes, the service account's role on the folder (honouring
 * the role-propagation delay) and the model URI, in that order.
 */
@RestController
@ConditionalOnBooleanProperty("app.sandbox.enabled")
class SandboxLlmController {

	static final Set<String> TEXT_SCOPES = Set.of("yc.ai.languageModels.execute", "yc.ai.foundationModels.execute");

	static final Set<String> TEXT_ROLES = Set.of("ai.languageModels.user", "ai.models.user", "ai.editor", "ai.admin", "editor",
			"admin");

	private static final Pattern MODEL_URI = Pattern
		.compile("gpt://([a-z0-9]{1,50})/([a-z0-9][a-z0-9._-]{0,99})(?:/([a-z0-9][a-z0-9._@-]{0,49}))?");

	private static final Pattern PIECE = Pattern.compile("\\s*[\\p{L}\\p{N}]+|\\s*[^\\s\\p{L}\\p{N}]|\\s+");

	private final SandboxGateway gateway;

	SandboxLlmController(SandboxGateway gateway) {
		this.gateway = gateway;
	}

	@PostMapping("/sandbox/llm/foundationModels/v1/tokenize")
	ResponseEntity<String> tokenize(@RequestBody(required = false) String body, HttpServletRequest request) {
		String authorization = request.getHeader("Authorization");
		if (authorization == null || authorization.isBlank()) {
			throw SandboxRpcException.unauthenticated("Authentication required: use 'Authorization: Api-Key <key>'");
		}
		SandboxWorld world;
		String subjectId;
		String ownFolder;
		KeyRec usedKey = null;
		if (authorization.regionMatches(true, 0, "Api-Key ", 0, 8)) {
			KeyRef ref = this.gateway.worlds().keyIndex.get(SandboxWorlds.sha256(authorization.substring(8).trim()));
			world = (ref != null) ? this.gateway.worlds().world(ref.persona()).orElse(null) : null;
			if (world == null) {
				throw SandboxRpcException.unauthenticated("Unknown api key");
			}
			this.gateway.pace(world, false);
			synchronized (world) {
				KeyRec key = world.apiKey(ref.keyId())
					.orElseThrow(() -> SandboxRpcException.unauthenticated("Unknown api key"));
				if (key.expiresAt != null && !key.expiresAt.isAfter(Instant.now())) {
					throw SandboxRpcException.unauthenticated("The API key has expired");
				}
				if (key.scopes.stream().noneMatch(TEXT_SCOPES::contains)) {
					throw SandboxRpcException.denied("The API key's scopes do not allow this call: it needs the scope"
							+ " yc.ai.languageModels.execute or yc.ai.foundationModels.execute");
				}
				SaRec sa = world.serviceAccount(key.serviceAccountId)
					.orElseThrow(() -> SandboxRpcException.unauthenticated("Unknown api key"));
				usedKey = key;
				subjectId = sa.id;
				ownFolder = sa.folderId;
			}
		}
		else {
			Caller caller = this.gateway.caller(request, false);
			world = caller.world();
			subjectId = caller.subjectId();
			ownFolder = null;
		}
		TokenizeRequest req = SandboxJson.read(body, TokenizeRequest.class);
		String modelUri = SandboxIamController.required("modelUri", req.modelUri(), 1000);
		Matcher matcher = MODEL_URI.matcher(modelUri);
		if (!matcher.matches()) {
			throw SandboxRpcException.invalid("modelUri: invalid model URI, expected gpt://<folder>/<model>/<branch>");
		}
		if (req.text() == null) {
			throw SandboxRpcException.invalid("text: a value is required");
		}
		String header = request.getHeader("x-folder-id");
		String folderId = (header != null && !header.isBlank()) ? header.trim() : matcher.group(1);
		synchronized (world) {
			if (ownFolder != null && !ownFolder.equals(folderId)) {
				throw SandboxRpcException.denied("Specified folder ID '" + folderId
						+ "' does not match the service account's folder ID '" + ownFolder + "'");
			}
			if (world.folder(folderId).isEmpty()) {
				throw SandboxRpcException.denied("Permission denied: folder " + folderId + " is not accessible");
			}
			Set<String> roles = world.rolesOn(folderId, subjectId, Instant.now());
			if (roles.stream().noneMatch(TEXT_ROLES::contains)) {
				throw SandboxRpcException.denied("Permission denied: the subject " + subjectId
						+ " needs the role ai.languageModels.user on folder " + folderId);
			}
			if (usedKey != null) {
				// only a call that succeeds counts as a use of the key (what "last used" tells its owner)
				usedKey.lastUsedAt = Instant.now();
			}
		}
		return SandboxGateway.ok(new SandboxWire.TokenizeResponse(tokens(req.text()), "23.10.2024"));
	}

	/** A fake SentencePiece-like split: a start token, then words and punctuation, spaces shown as ▁. */
	static List<Token> tokens(String text) {
		List<Token> tokens = new ArrayList<>();
		tokens.add(new Token("1", "<s>", true));
		Matcher matcher = PIECE.matcher(text);
		while (matcher.find()) {
			String piece = matcher.group().replaceAll("\\s", "\u2581");
			long id = 1000 + Math.floorMod(piece.hashCode(), 120_000);
			tokens.add(new Token(Long.toString(id), piece, false));
		}
		return tokens;
	}

}
