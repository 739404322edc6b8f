package dev.aikeywizard.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exports of a key setup: the yc script passes {@code bash -n} and, run against a fake {@code yc}, makes exactly
 * the calls of the setup; the Terraform file parses as HCL with the provider's attribute names. A description made
 * to break out of quoting stays a plain value in both.
 */
class KeySetupExportTests {

	static final String HOSTILE = "it's \"mine\" ${var.x} %{if} $(touch pwned) `id` \\ end";

	static final KeySetup SETUP = new KeySetup("b1gfolder00000000001", "ai-ivan-petrov-20261202",
			"ajesa000000000000001", List.of("ai.speechkit-stt.user", "ai.speechkit-tts.user"),
			List.of("yc.ai.speechkitStt.execute", "yc.ai.speechkitTts.execute"),
			Instant.parse("2027-03-01T20:59:59Z"), HOSTILE);

	@TempDir
	Path dir;

	@Test
	void theYcScriptIsValidBash() throws Exception {
		Path script = this.dir.resolve("setup.sh");
		Files.writeString(script, YcScript.render(SETUP));
		Result result = run(List.of("bash", "-n", script.toString()), Map.of());
		assertThat(result.exit()).as(result.output()).isZero();
	}

	@Test
	void theYcScriptMakesTheAccountTheBindingsAndTheScopedExpiringKey() throws Exception {
		Path bin = Files.createDirectories(this.dir.resolve("bin"));
		Path log = this.dir.resolve("yc.log");
		// A fake yc: logs each call's arguments one per line; "get" fails until "create" ran, then prints the account.
		Files.writeString(bin.resolve("yc"), """
				#!/usr/bin/env bash
				printf '%s\\n' "CALL" "$@" >> "$YC_LOG"
				if [ "$3" = "get" ]; then
				  [ -f "$YC_LOG.created" ] || exit 1
				  printf '{\\n  "id": "ajesa000000000000009",\\n  "folder_id": "b1gfolder00000000001"\\n}\\n'
				fi
				if [ "$3" = "create" ] && [ "$2" = "service-account" ]; then touch "$YC_LOG.created"; fi
				if [ "$2" = "api-key" ]; then echo "secret: printed-by-yc-only"; fi
				""");
		Files.setPosixFilePermissions(bin.resolve("yc"), PosixFilePermissions.fromString("rwxr-xr-x"));
		Path script = this.dir.resolve("setup.sh");
		Files.writeString(script, YcScript.render(SETUP));
		Result result = run(List.of("bash", script.toString()),
				Map.of("PATH", bin + ":" + System.getenv("PATH"), "YC_LOG", log.toString()));
		assertThat(result.exit()).as(result.output()).isZero();
		assertThat(Files.exists(this.dir.resolve("pwned"))).isFalse();
		String calls = Files.readString(log);
		assertThat(calls).contains(String.join("\n", "CALL", "iam", "service-account", "create", "--name",
				"ai-ivan-petrov-20261202", "--folder-id", "b1gfolder00000000001", "--description", HOSTILE));
		for (String role : SETUP.roles()) {
			assertThat(calls).contains(String.join("\n", "CALL", "resource-manager", "folder", "add-access-binding",
					"b1gfolder00000000001", "--role", role, "--subject", "serviceAccount:ajesa000000000000009"));
		}
		assertThat(calls).contains(String.join("\n", "CALL", "iam", "api-key", "create", "--service-account-id",
				"ajesa000000000000009", "--description", HOSTILE, "--scopes",
				"yc.ai.speechkitStt.execute,yc.ai.speechkitTts.execute", "--expires-at", "2027-03-01T20:59:59Z"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void theTerraformFileParsesAsHclWithTheProvidersAttributes() throws Exception {
		String tf = TerraformFile.render(SETUP);
		Map<String, Object> hcl = new HCLParser().parse(tf);
		Map<String, Object> resources = (Map<String, Object>) hcl.get("resource");
		Map<String, Object> account = ((Map<String, Map<String, Object>>) resources.get("yandex_iam_service_account"))
			.get("ai_key");
		assertThat(account).containsEntry("name", "ai-ivan-petrov-20261202");
		Map<String, Map<String, Object>> members = (Map<String, Map<String, Object>>) resources
			.get("yandex_resourcemanager_folder_iam_member");
		assertThat(members.values()).extracting((m) -> m.get("role"))
			.containsExactlyInAnyOrder("ai.speechkit-stt.user", "ai.speechkit-tts.user");
		Map<String, Object> key = ((Map<String, Map<String, Object>>) resources
			.get("yandex_iam_service_account_api_key")).get("ai_key");
		assertThat((List<Object>) key.get("scopes")).containsExactly("yc.ai.speechkitStt.execute",
				"yc.ai.speechkitTts.execute");
		assertThat(key).containsEntry("expires_at", "2027-03-01T20:59:59Z").containsKey("output_to_lockbox");
		assertThat(tf).contains("entry_for_secret_key = \"api-key\"");
		assertThat(resources).containsKey("yandex_lockbox_secret");
		// The hostile description is one escaped string: no interpolation, no directive.
		assertThat(tf).contains("\"it's \\\"mine\\\" $${var.x} %%{if} $(touch pwned) `id` \\\\ end\"");
	}

	@Test
	void aKeyWithoutExpiryHasNoExpiryInEither() {
		KeySetup forever = new KeySetup("b1gf", "sa", null, List.of("ai.languageModels.user"),
				List.of("yc.ai.languageModels.execute"), null, "");
		assertThat(YcScript.render(forever)).doesNotContain("--expires-at");
		assertThat(TerraformFile.render(forever)).doesNotContain("expires_at");
	}

	private static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(env);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), output);
	}

	record Result(int exit, String output) {
	}

}
