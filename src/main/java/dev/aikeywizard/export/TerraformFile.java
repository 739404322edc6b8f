package dev.aikeywizard.export;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The setup as Terraform for the {@code yandex-cloud/yandex} provider: {@code yandex_iam_service_account}, one
 * {@code yandex_resourcemanager_folder_iam_member} per role, a {@code yandex_lockbox_secret} and the
 * {@code yandex_iam_service_account_api_key} with {@code scopes}, {@code expires_at} and {@code output_to_lockbox},
 * so the key's secret goes into Lockbox and never into the Terraform state (attribute names from the provider's
 * docs, resources/iam_service_account_api_key). The file holds no secret.
 */
public final class TerraformFile {

	/** The Lockbox entry that receives the key's secret. */
	public static final String LOCKBOX_ENTRY = "api-key";

	private TerraformFile() {
	}

	public static String render(KeySetup setup) {
		StringBuilder out = new StringBuilder();
		out.append("# The AI key wizard's setup as Terraform. Holds no secret: output_to_lockbox writes the key's\n");
		out.append("# secret into the Lockbox secret below, not into the Terraform state.\n");
		out.append("terraform {\n  required_providers {\n    yandex = {\n      source = \"yandex-cloud/yandex\"\n    }\n  }\n}\n\n");
		out.append("variable \"folder_id\" {\n  type    = string\n  default = ").append(string(setup.folderId()))
			.append("\n}\n\n");
		out.append("resource \"yandex_iam_service_account\" \"ai_key\" {\n");
		out.append("  name        = ").append(string(setup.serviceAccountName())).append('\n');
		out.append("  folder_id   = var.folder_id\n");
		out.append("  description = ").append(string(setup.description())).append("\n}\n\n");
		List<String> members = new ArrayList<>();
		for (String role : setup.roles()) {
			String name = identifier(role);
			members.add("yandex_resourcemanager_folder_iam_member." + name);
			out.append("resource \"yandex_resourcemanager_folder_iam_member\" \"").append(name).append("\" {\n");
			out.append("  folder_id = var.folder_id\n");
			out.append("  role      = ").append(string(role)).append('\n');
			out.append("  member    = \"serviceAccount:${yandex_iam_service_account.ai_key.id}\"\n}\n\n");
		}
		out.append("resource \"yandex_lockbox_secret\" \"ai_key\" {\n");
		out.append("  folder_id = var.folder_id\n");
		out.append("  name      = ").append(string(setup.serviceAccountName() + "-api-key")).append("\n}\n\n");
		out.append("resource \"yandex_iam_service_account_api_key\" \"ai_key\" {\n");
		out.append("  service_account_id = yandex_iam_service_account.ai_key.id\n");
		out.append("  description        = ").append(string(setup.description())).append('\n');
		out.append("  scopes             = [")
			.append(String.join(", ", setup.scopes().stream().map(TerraformFile::string).toList()))
			.append("]\n");
		if (setup.expiresAt() != null) {
			out.append("  expires_at         = ")
				.append(string(DateTimeFormatter.ISO_INSTANT.format(setup.expiresAt())))
				.append('\n');
		}
		out.append("\n  output_to_lockbox {\n");
		out.append("    secret_id            = yandex_lockbox_secret.ai_key.id\n");
		out.append("    entry_for_secret_key = ").append(string(LOCKBOX_ENTRY)).append("\n  }\n");
		if (!members.isEmpty()) {
			out.append("\n  depends_on = [").append(String.join(", ", members)).append("]\n");
		}
		out.append("}\n");
		return out.toString();
	}

	/** An HCL quoted string: escapes, and no interpolation or directive ({@code $${}, {@code %%{}). */
	static String string(String value) {
		StringBuilder out = new StringBuilder("\"");
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> out.append("\\\\");
				case '"' -> out.append("\\\"");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '$', '%' -> {
					out.append(c);
					if (i + 1 < value.length() && value.charAt(i + 1) == '{') {
						out.append(c);
					}
				}
				default -> {
					if (c < 0x20) {
						out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}

	/** A Terraform resource name for a role: {@code ai.speechkit-stt.user} becomes {@code ai_speechkit_stt_user}. */
	static String identifier(String role) {
		return role.replaceAll("[^A-Za-z0-9]", "_").toLowerCase(Locale.ROOT);
	}

}
