package dev.aikeywizard.wizard;

import java.time.LocalDate;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import org.springframework.format.annotation.DateTimeFormat;

/** Step 5: the key's scopes, optional expiry date (UTC midnight) and description. */
record KeyForm(@NotEmpty(message = "{error.scopes.none}") List<String> scopes,
		@DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate expiresOn,
		@Size(max = 256, message = "{error.description.length}") String description) {

	KeyForm {
		scopes = (scopes != null) ? scopes : List.of();
		description = (description != null) ? description.strip() : "";
	}

}
