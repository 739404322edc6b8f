package dev.aikeywizard.portal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * RSA keys from PEM text (RFC 7468), with the JDK's KeyFactory. Text before the BEGIN line is ignored as RFC 7468
 * allows: yc puts "PLEASE DO NOT REMOVE THIS LINE! Yandex.Cloud SA Key ID &lt;id&gt;" there so that leaked keys can
 * be found by scanners. A failure says what is wrong in words of its own and never carries the key's text or the
 * decoder's exception, whose message could quote it.
 */
final class Pem {

	private static final String PRIVATE_KEY = "PRIVATE KEY";

	private static final String PUBLIC_KEY = "PUBLIC KEY";

	private Pem() {
	}

	/**
	 * The RSA private key of a PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}).
	 * @throws IllegalArgumentException what is wrong, without any of the key
	 */
	static RSAPrivateKey rsaPrivateKey(String pem) {
		byte[] der = body(pem, PRIVATE_KEY);
		try {
			if (KeyFactory.getInstance("RSA")
				.generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof RSAPrivateKey key) {
				return key;
			}
		}
		catch (GeneralSecurityException ex) {
			// the decoder's message is not ours to repeat: it may quote the key's bytes
		}
		throw new IllegalArgumentException("its PEM block is not a PKCS#8 RSA private key");
	}

	/**
	 * The RSA public key of an X.509 PEM ({@code -----BEGIN PUBLIC KEY-----}).
	 * @throws IllegalArgumentException what is wrong
	 */
	static RSAPublicKey rsaPublicKey(String pem) {
		byte[] der = body(pem, PUBLIC_KEY);
		try {
			if (KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der)) instanceof RSAPublicKey key) {
				return key;
			}
		}
		catch (GeneralSecurityException ex) {
			// as above
		}
		throw new IllegalArgumentException("its PEM block is not an X.509 RSA public key");
	}

	/** Whether the two halves belong together (same modulus and exponent). */
	static boolean matches(RSAPrivateKey privateKey, RSAPublicKey publicKey) {
		return privateKey.getModulus().equals(publicKey.getModulus())
				&& (!(privateKey instanceof RSAPrivateCrtKey crt)
						|| crt.getPublicExponent().equals(publicKey.getPublicExponent()));
	}

	private static byte[] body(String pem, String label) {
		String begin = "-----BEGIN " + label + "-----";
		String end = "-----END " + label + "-----";
		int from = pem.indexOf(begin);
		if (from < 0) {
			throw new IllegalArgumentException("it has no " + begin + " line"
					+ (pem.contains("-----BEGIN RSA " + label + "-----") ? " (a PKCS#1 key: yc writes PKCS#8)" : ""));
		}
		int to = pem.indexOf(end, from + begin.length());
		if (to < 0) {
			throw new IllegalArgumentException("it has no " + end + " line after " + begin);
		}
		try {
			return Base64.getDecoder().decode(pem.substring(from + begin.length(), to).replaceAll("\\s", ""));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("its PEM block is not base64");
		}
	}

}
