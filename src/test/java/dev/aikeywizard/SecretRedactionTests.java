package dev.aikeywizard;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every record in the application (sandbox excluded: it is the stand-in for Yandex) with a String component that
 * holds a credential (its name, or the record's, says token, secret, authorization, password, jwt or private key) redacts it in
 * {@code toString()}: each
 * String component is filled with a marker and the marker of a credential component must not be printed. The
 * records are found by scanning, so a new one is covered without editing this test. It can fail: it failed on
 * {@code CloudWire.IamTokenRequest} (the OAuth token on its way to IAM) until that got a redacting
 * {@code toString()}.
 */
class SecretRedactionTests {

	private static final Pattern CREDENTIAL = Pattern
		.compile("(?i).*(token|secret|authorization|password|jwt|credential|privatekey|textvalue).*");

	/** A record named like this holds a credential in its String components (IamToken.value). */
	private static final Pattern CREDENTIAL_TYPE = Pattern
		.compile("(?i).*(token|secret|credential|password|jwt)(request|response)?");

	/** A tokenizer's token (a piece of text), not a credential. */
	private static final Set<String> NOT_CREDENTIAL_TYPES = Set.of(
			"dev.aikeywizard.cloud.FoundationModelsApi$TokenizeResult$Token",
			// A Lockbox secret's description (id, folder, name); its values are PayloadEntry/Entry.textValue, checked.
			"dev.aikeywizard.cloud.LockboxSecret", "dev.aikeywizard.cloud.CreateLockboxSecretRequest");

	/** Names that match but hold no credential. */
	private static final Set<String> NOT_CREDENTIALS = Set.of("maskedSecret", "successorMaskedSecret", "nextPageToken",
			"pageToken");

	@Test
	void everyRecordHoldingACredentialRedactsIt() throws Exception {
		List<String> checked = new ArrayList<>();
		for (JavaClass javaClass : new ClassFileImporter()
			.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.aikeywizard")) {
			if (javaClass.getPackageName().startsWith("dev.aikeywizard.sandbox")) {
				continue;
			}
			Class<?> type = Class.forName(javaClass.getName(), false, getClass().getClassLoader());
			if (!type.isRecord() || credentialComponents(type).isEmpty()) {
				continue;
			}
			Object instance = instantiate(type);
			String text = instance.toString();
			for (RecordComponent component : credentialComponents(type)) {
				assertThat(text).as(type.getName() + "." + component.getName() + " in toString()")
					.doesNotContain(marker(component));
			}
			checked.add(type.getName());
		}
		assertThat(checked).as("records holding a credential").contains("dev.aikeywizard.cloud.IamToken",
				"dev.aikeywizard.cloud.CreatedApiKey", "dev.aikeywizard.cloud.CloudWire$IamTokenResponse",
				"dev.aikeywizard.cloud.CloudWire$IamTokenRequest",
				"dev.aikeywizard.security.CloudCredentialService$Credential", "dev.aikeywizard.cloud.CloudHttp$Call",
				"dev.aikeywizard.security.VaultAuthorizedClientService$StoredToken", "dev.aikeywizard.portal.OperatorKey",
				"dev.aikeywizard.cloud.CreateLockboxSecretRequest$PayloadEntry",
				"dev.aikeywizard.cloud.LockboxPayload$Entry");
	}

	private static List<RecordComponent> credentialComponents(Class<?> type) {
		boolean credentialType = CREDENTIAL_TYPE.matcher(type.getSimpleName()).matches()
				&& !NOT_CREDENTIAL_TYPES.contains(type.getName());
		return java.util.Arrays.stream(type.getRecordComponents())
			.filter((c) -> c.getType() == String.class)
			.filter((c) -> (credentialType || CREDENTIAL.matcher(c.getName()).matches())
					&& !NOT_CREDENTIALS.contains(c.getName()))
			.toList();
	}

	private static String marker(RecordComponent component) {
		return "CANARY-" + component.getName() + "-7f3a9c";
	}

	private static Object instantiate(Class<?> type) throws Exception {
		RecordComponent[] components = type.getRecordComponents();
		Class<?>[] types = java.util.Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new);
		Object[] args = new Object[components.length];
		for (int i = 0; i < components.length; i++) {
			args[i] = value(components[i]);
		}
		Constructor<?> constructor = type.getDeclaredConstructor(types);
		constructor.setAccessible(true);
		return constructor.newInstance(args);
	}

	private static Object value(RecordComponent component) throws Exception {
		Class<?> type = component.getType();
		if (type == String.class) {
			return marker(component);
		}
		if (type == Instant.class) {
			return Instant.parse("2030-01-01T00:00:00Z");
		}
		if (type == LocalDate.class) {
			return LocalDate.of(2030, 1, 1);
		}
		if (type == Duration.class) {
			return Duration.ofMinutes(1);
		}
		if (type == List.class) {
			return List.of();
		}
		if (type == Map.class) {
			return Map.of();
		}
		if (type == Set.class) {
			return Set.of();
		}
		if (type == boolean.class) {
			return false;
		}
		if (type == int.class || type == long.class) {
			return (type == int.class) ? 0 : 0L;
		}
		if (type.isEnum()) {
			return type.getEnumConstants()[0];
		}
		if (type.isRecord()) {
			return instantiate(type);
		}
		return null;
	}

}
