package dev.aikeywizard.wizard.serviceaccount;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A new service account. The name rule is the console's: 2-63 characters, lowercase Latin letters, digits and
 * hyphens, starting with a letter and not ending with a hyphen. The same {@link #NAME_PATTERN} is the HTML
 * {@code pattern} of the field, so the browser and the server agree.
 */
public record ServiceAccountForm(
		@NotBlank(message = "{error.serviceAccount.name.required}") @Size(min = 2, max = 63,
				message = "{error.serviceAccount.name.length}") @Pattern(regexp = NAME_PATTERN,
						message = "{error.serviceAccount.name.pattern}") String name,
		@Size(max = 256, message = "{error.description.length}") String description) {

	public static final String NAME_PATTERN = "[a-z][-a-z0-9]{0,61}[a-z0-9]";

	public ServiceAccountForm {
		name = (name != null) ? name.strip() : null;
		description = (description != null) ? description.strip() : "";
	}

}
