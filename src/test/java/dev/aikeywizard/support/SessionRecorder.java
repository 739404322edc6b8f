package dev.aikeywizard.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;

/**
 * Test-only listener (register it as a bean; Spring Boot hands it to the servlet container): keeps every HTTP
 * session created, and a snapshot of every value ever put into one (Java-serialised bytes and {@code toString()}),
 * so attributes removed again (the OAuth2 authorization request, say) are searched too.
 */
public final class SessionRecorder implements HttpSessionListener, HttpSessionAttributeListener {

	private final Map<String, HttpSession> sessions = new ConcurrentHashMap<>();

	private final List<Snapshot> snapshots = Collections.synchronizedList(new ArrayList<>());

	private final Set<String> verifiers = ConcurrentHashMap.newKeySet();

	/** One attribute value as it was when set: its name, its serialised bytes (or why it had none), its text. */
	public record Snapshot(String name, String type, byte[] serialized, String serializationError, String text) {

		/** The serialised bytes read as ISO-8859-1, so every byte maps to one char and ASCII tokens are findable. */
		public String bytesAsText() {
			return (this.serialized != null) ? new String(this.serialized, StandardCharsets.ISO_8859_1) : "";
		}

		/** The serialised bytes read as UTF-8 (modified UTF-8 in Java serialisation is the same for ASCII). */
		public String bytesAsUtf8() {
			return (this.serialized != null) ? new String(this.serialized, StandardCharsets.UTF_8) : "";
		}

	}

	@Override
	public void sessionCreated(HttpSessionEvent event) {
		this.sessions.put(event.getSession().getId() + "@" + System.identityHashCode(event.getSession()),
				event.getSession());
	}

	@Override
	public void attributeAdded(HttpSessionBindingEvent event) {
		this.snapshots.add(snapshot(event.getName(), event.getValue()));
		rememberVerifier(event.getValue());
	}

	/** The PKCE code verifiers of every authorization request ever put in a session (so logs can be searched). */
	public Set<String> codeVerifiers() {
		return Set.copyOf(this.verifiers);
	}

	private void rememberVerifier(Object value) {
		if (value instanceof OAuth2AuthorizationRequest request
				&& request.getAttribute(PkceParameterNames.CODE_VERIFIER) instanceof String verifier) {
			this.verifiers.add(verifier);
		}
	}

	@Override
	public void attributeReplaced(HttpSessionBindingEvent event) {
		// getValue() is the old value here; the session holds the new one.
		Object value = event.getSession().getAttribute(event.getName());
		this.snapshots.add(snapshot(event.getName(), value));
		rememberVerifier(value);
	}

	/** Snapshots of every value ever set, plus every attribute of every live session right now. */
	public List<Snapshot> everything() {
		List<Snapshot> all;
		synchronized (this.snapshots) {
			all = new ArrayList<>(this.snapshots);
		}
		for (HttpSession session : this.sessions.values()) {
			try {
				for (String name : Collections.list(session.getAttributeNames())) {
					all.add(snapshot(name, session.getAttribute(name)));
				}
			}
			catch (IllegalStateException invalidated) {
				// logged out or expired: its values were snapshotted when set
			}
		}
		return all;
	}

	public int sessionCount() {
		return this.sessions.size();
	}

	static Snapshot snapshot(String name, Object value) {
		if (value == null) {
			return new Snapshot(name, "null", new byte[0], null, "null");
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		String error = null;
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		catch (IOException ex) {
			error = ex.toString();
		}
		return new Snapshot(name, value.getClass().getName(), (error == null) ? bytes.toByteArray() : null, error,
				String.valueOf(value));
	}

}
