package dev.aikeywizard.export;

import java.time.format.DateTimeFormatter;

/**
 * The setup as a bash script of {@code yc} commands: the service account (created when the folder has none of that
 * name), one {@code add-access-binding} per role, and {@code yc iam api-key create} with the scopes and expiry. Every
 * value is single-quoted, so a description can hold anything. The script holds no secret: {@code yc} prints the new
 * key's secret once when it runs.
 */
public final class YcScript {

	private YcScript() {
	}

	public static String render(KeySetup setup) {
		StringBuilder out = new StringBuilder();
		out.append("#!/usr/bin/env bash\n");
		out.append("# The AI key wizard's setup as yc commands (https://yandex.cloud/docs/cli/).\n");
		out.append("# Holds no secret: the last command prints the new key's secret once; store it right away.\n");
		out.append("set -euo pipefail\n\n");
		out.append("FOLDER_ID=").append(quote(setup.folderId())).append('\n');
		out.append("SA_NAME=").append(quote(setup.serviceAccountName())).append('\n');
		out.append("DESCRIPTION=").append(quote(setup.description())).append("\n\n");
		out.append("# 1. The service account (kept when the folder already has one of this name)\n");
		out.append("if ! yc iam service-account get --name \"$SA_NAME\" --folder-id \"$FOLDER_ID\" >/dev/null 2>&1; then\n");
		out.append("  yc iam service-account create --name \"$SA_NAME\" --folder-id \"$FOLDER_ID\" --description \"$DESCRIPTION\"\n");
		out.append("fi\n");
		out.append("SA_ID=$(yc iam service-account get --name \"$SA_NAME\" --folder-id \"$FOLDER_ID\" --format json \\\n");
		// awk reads to the end: a reader that stops early (grep -m1, head) kills yc with SIGPIPE under pipefail.
		out.append("  | awk -F'\"' '/\"id\":/ && !found { print $4; found = 1 }')\n\n");
		out.append("# 2. Its roles on the folder\n");
		for (String role : setup.roles()) {
			out.append("yc resource-manager folder add-access-binding \"$FOLDER_ID\" --role ")
				.append(quote(role))
				.append(" --subject \"serviceAccount:$SA_ID\"\n");
		}
		out.append("\n# 3. The API key: only these scopes");
		out.append((setup.expiresAt() != null) ? ", until this instant\n" : ", no expiry\n");
		out.append("yc iam api-key create --service-account-id \"$SA_ID\" --description \"$DESCRIPTION\" \\\n");
		out.append("  --scopes ").append(quote(String.join(",", setup.scopes())));
		if (setup.expiresAt() != null) {
			out.append(" \\\n  --expires-at ").append(quote(DateTimeFormatter.ISO_INSTANT.format(setup.expiresAt())));
		}
		out.append('\n');
		return out.toString();
	}

	/** A bash word that is exactly {@code value}: single quotes, each inner quote closed, escaped and reopened. */
	static String quote(String value) {
		return "'" + value.replace("'", "'\\''") + "'";
	}

}
