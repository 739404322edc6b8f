package dev.aikeywizard.wizard.key;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import org.springframework.format.annotation.DateTimeFormat;

/**
 * Step 5: the key's scopes, optional expiry date (the end of that day in the user's time zone) and description.
 *
 * @param timeZone the browser's time zone (IANA name), filled in by the page's script; UTC without it
 * @param lockbox write the secret into a Lockbox secret in the folder instead of showing it
 */
record KeyForm(@NotEmpty(message = "{error.scopes.none}") List<String> scopes,
		@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate expiresOn,
		@Size(max = 256, message = "{error.description.length}") String description, String timeZone,
		Boolean lockbox) {

	KeyForm {
		scopes = (scopes != null) ? scopes : List.of();
		description = (description != null) ? description.strip() : "";
		lockbox = Boolean.TRUE.equals(lockbox);
	}

}
