package dev.aikeywizard.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.aikeywizard.sandbox.SandboxWire.OAuthError;
import dev.aikeywizard.sandbox.SandboxWire.UserInfo;
import dev.aikeywizard.sandbox.SandboxWorld.Persona;
import dev.aikeywizard.sandbox.SandboxWorlds.CodeRec;
import dev.aikeywizard.sandbox.SandboxWorlds.OAuthRec;
import dev.aikeywizard.sandbox.SandboxWorlds.RefreshRec;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Yandex ID ({@code oauth.yandex.ru}, {@code login.yandex.ru}) under {@code /sandbox}: the authorize page where one
 * click picks a demo user and confirms access, the token endpoint (authorization code with PKCE, refresh token) and
 * user info.
 */
@Controller
@ConditionalOnBooleanProperty("app.sandbox.enabled")
class SandboxOAuthController {

	private static final List<String> AUTHORIZE_PARAMS = List.of("response_type", "client_id", "redirect_uri", "scope",
			"state", "code_challenge", "code_challenge_method");

	private static final String DEFAULT_SCOPE = "login:info login:email";

	private final SandboxGateway gateway;

	private final SandboxWorlds worlds;

	private final SandboxProperties properties;

	private final SandboxRedirectUris redirectUris;

	SandboxOAuthController(SandboxGateway gateway) {
		this.gateway = gateway;
		this.worlds = gateway.worlds();
		this.properties = gateway.properties();
		this.redirectUris = new SandboxRedirectUris(this.properties.redirectUris());
	}

	// ---- authorize ----

	@GetMapping("/sandbox/oauth/authorize")
	String authorize(@RequestParam Map<String, String> params, Model model, HttpServletResponse response) {
		String problem = checkAuthorize(params);
		if (problem != null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("message", problem);
			return "sandbox/error";
		}
		Map<String, String> carried = new LinkedHashMap<>();
		for (String name : AUTHORIZE_PARAMS) {
			if (params.get(name) != null) {
				carried.put(name, params.get(name));
			}
		}
		boolean cloudClient = SandboxProperties.CLOUD_CLIENT_ID.equals(params.get("client_id"));
		model.addAttribute("params", carried);
		model.addAttribute("personas", SandboxWorlds.PERSONAS);
		model.addAttribute("cloudClient", cloudClient);
		model.addAttribute("appName", cloudClient ? "Yandex Cloud" : "AI Key Wizard (" + params.get("client_id") + ")");
		String scope = params.get("scope");
		model.addAttribute("scopes", List.of(((scope == null || scope.isBlank()) ? DEFAULT_SCOPE : scope).split("[\\s,]+")));
		return "sandbox/authorize";
	}

	@PostMapping("/sandbox/oauth/authorize")
	ModelAndView confirm(@RequestParam Map<String, String> params, HttpServletResponse response) {
		String problem = checkAuthorize(params);
		Persona persona = SandboxWorlds.PERSONAS.stream()
			.filter((p) -> p.name().equals(params.get("persona")))
			.findFirst()
			.orElse(null);
		if (problem == null && persona == null) {
			problem = "Choose a user to sign in as.";
		}
		if (problem != null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return new ModelAndView("sandbox/error", Map.of("message", problem));
		}
		String scope = (params.get("scope") == null || params.get("scope").isBlank()) ? DEFAULT_SCOPE
				: params.get("scope");
		if ("token".equals(params.get("response_type"))) {
			String token = issueAccessToken(new OAuthRec(persona.name(), params.get("client_id"), scope, false,
					this.worlds.now().plus(SandboxWorlds.OAUTH_TOKEN_LIFETIME)));
			response.setHeader("Cache-Control", "no-store");
			return new ModelAndView("sandbox/cloud-token", Map.of("token", token, "persona", persona));
		}
		boolean refuse = "true".equals(params.get("refuse_exchange")) || "on".equals(params.get("refuse_exchange"));
		String method = params.get("code_challenge_method");
		if (params.get("code_challenge") != null && (method == null || method.isEmpty())) {
			method = "plain";
		}
		String code = this.worlds.randomAlnum(16).toLowerCase();
		this.worlds.codes.put(code,
				new CodeRec(persona.name(), params.get("client_id"), params.get("redirect_uri"),
						params.get("code_challenge"), method, scope, refuse,
						this.worlds.now().plus(SandboxWorlds.CODE_LIFETIME)));
		UriComponentsBuilder target = UriComponentsBuilder.fromUriString(params.get("redirect_uri"))
			.queryParam("code", code);
		if (params.get("state") != null) {
			target.queryParam("state", params.get("state"));
		}
		RedirectView redirect = new RedirectView(target.encode().build().toUriString());
		redirect.setExpandUriTemplateVariables(false);
		redirect.setExposeModelAttributes(false);
		redirect.setStatusCode(HttpStatus.FOUND);
		return new ModelAndView(redirect);
	}

	private String checkAuthorize(Map<String, String> params) {
		String clientId = params.get("client_id");
		String responseType = params.get("response_type");
		if (clientId == null || clientId.isBlank()) {
			return "client_id is missing.";
		}
		boolean cloudClient = SandboxProperties.CLOUD_CLIENT_ID.equals(clientId);
		if (!cloudClient && !this.properties.clientId().equals(clientId)) {
			return "Unknown client_id: no application is registered with this id.";
		}
		if (cloudClient) {
			return "token".equals(responseType) ? null
					: "unsupported_response_type: the Yandex Cloud application only supports response_type=token.";
		}
		if (!"code".equals(responseType)) {
			return "unsupported_response_type: use response_type=code.";
		}
		String redirectUri = params.get("redirect_uri");
		if (redirectUri == null || redirectUri.isBlank()) {
			return "redirect_uri is missing.";
		}
		if (!this.redirectUris.allows(redirectUri)) {
			return "redirect_uri is not registered for this application: no code is sent to it.";
		}
		String challenge = params.get("code_challenge");
		String method = params.get("code_challenge_method");
		if (method != null && !method.isEmpty() && !"S256".equals(method) && !"plain".equals(method)) {
			return "code_challenge_method must be S256 or plain.";
		}
		if (challenge != null && (challenge.length() < 43 || challenge.length() > 128)) {
			return "code_challenge must be 43 to 128 characters long.";
		}
		return null;
	}

	// ---- token ----

	@PostMapping(path = "/sandbox/oauth/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<?> token(@RequestParam Map<String, String> form, HttpServletRequest request) {
		String clientId;
		String clientSecret;
		String basic = request.getHeader("Authorization");
		if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
			String decoded;
			try {
				decoded = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				return oauthError(401, "invalid_client", "Malformed Basic credentials");
			}
			int colon = decoded.indexOf(':');
			if (colon < 0) {
				return oauthError(401, "invalid_client", "Malformed Basic credentials");
			}
			clientId = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
			clientSecret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
		}
		else {
			clientId = form.get("client_id");
			clientSecret = form.get("client_secret");
		}
		if (clientId == null || clientId.isEmpty()) {
			return oauthError(401, "invalid_client", "Client credentials are missing");
		}
		if (!this.properties.clientId().equals(clientId) || !this.properties.clientSecret().equals(clientSecret)) {
			return oauthError(401, "invalid_client", "Client authentication failed");
		}
		String grantType = form.get("grant_type");
		if (grantType == null || grantType.isEmpty()) {
			return oauthError(400, "invalid_request", "grant_type is missing");
		}
		return switch (grantType) {
			case "authorization_code" -> authorizationCode(form, clientId);
			case "refresh_token" -> refreshToken(form, clientId);
			default -> oauthError(400, "unsupported_grant_type", "Unsupported grant_type");
		};
	}

	private ResponseEntity<?> authorizationCode(Map<String, String> form, String clientId) {
		String code = form.get("code");
		if (code == null || code.isEmpty()) {
			return oauthError(400, "invalid_request", "code is missing");
		}
		CodeRec rec = this.worlds.codes.remove(code); // single use, whatever happens next
		if (rec == null) {
			return oauthError(400, "invalid_grant", "Code has expired or was already used");
		}
		if (!rec.clientId().equals(clientId)) {
			return oauthError(400, "invalid_grant", "Code was issued to another client");
		}
		if (!rec.redirectUri().equals(form.get("redirect_uri"))) { // RFC 6749 §4.1.3
			return oauthError(400, "invalid_grant", "redirect_uri does not match the authorization request");
		}
		if (rec.codeChallenge() != null) {
			String verifier = form.get("code_verifier");
			if (verifier == null || verifier.isEmpty()) {
				return oauthError(400, "invalid_grant", "code_verifier is missing");
			}
			String expected = "S256".equals(rec.codeChallengeMethod()) ? s256(verifier) : verifier;
			if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
					rec.codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
				return oauthError(400, "invalid_grant", "code_verifier does not match the code_challenge");
			}
		}
		OAuthRec issued = new OAuthRec(rec.persona(), clientId, rec.scope(), rec.refuseExchange(),
				this.worlds.now().plus(SandboxWorlds.OAUTH_TOKEN_LIFETIME));
		return tokenResponse(issueAccessToken(issued), issued, clientId);
	}

	private ResponseEntity<?> refreshToken(Map<String, String> form, String clientId) {
		String refresh = form.get("refresh_token");
		if (refresh == null || refresh.isEmpty()) {
			return oauthError(400, "invalid_request", "refresh_token is missing");
		}
		RefreshRec rec = this.worlds.refreshTokens.remove(refresh);
		OAuthRec access = (rec != null) ? this.worlds.oauthTokens.get(rec.accessToken()) : null;
		if (access == null || !rec.clientId().equals(clientId)) {
			return oauthError(400, "invalid_grant", "Refresh token is invalid or has expired");
		}
		// The access token still has long to live, so (as Yandex may) hand back the same one with a new refresh token.
		return tokenResponse(rec.accessToken(), access, clientId);
	}

	/**
	 * The token answer as bytes: Spring MVC logs a String body it writes at DEBUG ("Writing [...]"), which would put
	 * the tokens into the log; a byte array is logged as its type only.
	 */
	private ResponseEntity<byte[]> tokenResponse(String access, OAuthRec rec, String clientId) {
		String refresh = "1:" + this.worlds.randomToken(12) + ":" + this.worlds.randomToken(48);
		this.worlds.refreshTokens.put(refresh, new RefreshRec(access, clientId, rec.expiresAt()));
		long expiresIn = Math.max(0, rec.expiresAt().getEpochSecond() - this.worlds.now().getEpochSecond());
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.contentType(MediaType.APPLICATION_JSON)
			.body(SandboxJson.write(new SandboxWire.OAuthToken(access, expiresIn, refresh, "bearer", rec.scope()))
				.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	private String issueAccessToken(OAuthRec rec) {
		String token = "y0_" + this.worlds.randomToken(42);
		this.worlds.oauthTokens.put(token, rec);
		return token;
	}

	private static ResponseEntity<String> oauthError(int status, String error, String description) {
		return ResponseEntity.status(status)
			.cacheControl(CacheControl.noStore())
			.contentType(MediaType.APPLICATION_JSON)
			.body(SandboxJson.write(new OAuthError(error, description)));
	}

	static String s256(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// ---- user info ----

	@GetMapping("/sandbox/login/info")
	ResponseEntity<String> info(@RequestParam(name = "oauth_token", required = false) String queryToken,
			@RequestParam(required = false) String format, HttpServletRequest request) {
		String header = request.getHeader("Authorization");
		String token = queryToken;
		if (header != null && (header.regionMatches(true, 0, "OAuth ", 0, 6)
				|| header.regionMatches(true, 0, "Bearer ", 0, 7))) {
			token = header.substring(header.indexOf(' ') + 1).trim();
		}
		OAuthRec rec = (token != null) ? this.worlds.oauthTokens.get(token) : null;
		if (rec == null) {
			return ResponseEntity.status(401)
				.contentType(MediaType.TEXT_PLAIN)
				.body("401 Unauthorized: the OAuth token is missing, invalid or expired");
		}
		if (format != null && !format.isEmpty() && !"json".equals(format)) {
			return ResponseEntity.badRequest()
				.contentType(MediaType.TEXT_PLAIN)
				.body("Only format=json is emulated by the sandbox");
		}
		SandboxWorld world = this.worlds.world(rec.persona()).orElseThrow();
		this.gateway.pace(world, false);
		Persona p = world.persona;
		String psuid = "1." + s256(rec.clientId() + ":" + p.uid()).substring(0, 32);
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(SandboxJson.write(new UserInfo(p.uid(), p.login(), rec.clientId(), psuid, p.email(),
					List.of(p.email()), p.displayName(), p.displayName(), p.firstName(), p.lastName(), p.sex())));
	}

}
