package dev.aikeywizard.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for credentials kept in a shared store. A sealed value is {@code <key id>.<base64(iv | ciphertext |
 * tag)>}: the key id says which configured key opens it, so the key can be rotated (new values are sealed with the
 * current key, values sealed with a previous key still open until they expire). The associated data binds a value to
 * where it is stored (the user and the kind of credential): copied under another user's name it no longer opens.
 */
final class CredentialCipher {

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final String currentKeyId;

	private final Map<String, SecretKey> keys;

	private final SecureRandom random = new SecureRandom();

	/**
	 * @param currentKeyId the id of the key new values are sealed with
	 * @param keys every key that may open a value, by id, base64 of 32 bytes each; must include the current one
	 */
	CredentialCipher(String currentKeyId, Map<String, String> keys) {
		if (currentKeyId == null || currentKeyId.isBlank() || currentKeyId.contains(".")) {
			throw new IllegalArgumentException("app.credentials.key-id must be a non-empty id without '.'");
		}
		Map<String, SecretKey> parsed = new LinkedHashMap<>();
		keys.forEach((id, base64) -> parsed.put(id, aesKey(id, base64)));
		if (!parsed.containsKey(currentKeyId)) {
			throw new IllegalArgumentException("no encryption key for the current key id " + currentKeyId);
		}
		this.currentKeyId = currentKeyId;
		this.keys = Map.copyOf(parsed);
	}

	private static SecretKey aesKey(String id, String base64) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode((base64 != null) ? base64.strip() : "");
		}
		catch (IllegalArgumentException ex) {
			// Never echo the value: it is the key.
			throw new IllegalArgumentException("the encryption key with id " + id + " is not valid base64");
		}
		if (bytes.length != 32) {
			throw new IllegalArgumentException("the encryption key with id " + id + " must be 32 bytes (AES-256), "
					+ "base64-encoded; it has " + bytes.length + " (generate one with: openssl rand -base64 32)");
		}
		return new SecretKeySpec(bytes, "AES");
	}

	String seal(String plaintext, String boundTo) {
		byte[] iv = new byte[IV_BYTES];
		this.random.nextBytes(iv);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.keys.get(this.currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			byte[] out = new byte[iv.length + sealed.length];
			System.arraycopy(iv, 0, out, 0, iv.length);
			System.arraycopy(sealed, 0, out, iv.length, sealed.length);
			return this.currentKeyId + "." + Base64.getEncoder().encodeToString(out);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/**
	 * Opens a sealed value.
	 * @throws UnreadableCredentialException when it was sealed with an unknown key, for another place, or altered
	 */
	String open(String sealed, String boundTo) {
		int dot = sealed.indexOf('.');
		SecretKey key = (dot > 0) ? this.keys.get(sealed.substring(0, dot)) : null;
		if (key == null) {
			throw new UnreadableCredentialException("sealed with an unknown key id");
		}
		try {
			byte[] in = Base64.getDecoder().decode(sealed.substring(dot + 1));
			if (in.length < IV_BYTES + TAG_BITS / 8) {
				throw new UnreadableCredentialException("too short");
			}
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
			cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
			return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException | GeneralSecurityException ex) {
			throw new UnreadableCredentialException("does not open (" + ex.getClass().getSimpleName() + ")");
		}
	}

	@Override
	public String toString() {
		return "CredentialCipher[currentKeyId=" + this.currentKeyId + ", keyIds=" + this.keys.keySet() + "]";
	}

	/** A stored credential that cannot be opened: treated as absent (the user signs in again). */
	static final class UnreadableCredentialException extends RuntimeException {

		UnreadableCredentialException(String message) {
			super(message);
		}

	}

}
