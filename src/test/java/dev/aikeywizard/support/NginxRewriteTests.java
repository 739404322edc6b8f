package dev.aikeywizard.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** ComposeTopologyIT runs deploy/nginx.conf with its host names and ports mapped, and nothing else changed. */
class NginxRewriteTests {

	private static final Map<String, String> UPSTREAMS = new LinkedHashMap<>(Map.of("app1:8080", "127.0.0.3:40001",
			"app2:8080", "127.0.0.4:40002", "sandbox:8080", "127.0.0.5:40003"));

	@Test
	void theDeployedConfigChangesOnlyInItsAddresses() throws IOException {
		String deployed = Files.readString(Path.of("deploy", "nginx.conf"));
		String rewritten = Nginx.rewrite(deployed, UPSTREAMS, 8080, "127.0.0.2:40000");

		List<String> before = deployed.lines().toList();
		List<String> after = rewritten.lines().toList();
		assertThat(after).hasSameSizeAs(before);
		List<String> changed = new ArrayList<>();
		for (int i = 0; i < before.size(); i++) {
			if (!before.get(i).equals(after.get(i))) {
				changed.add(before.get(i).strip() + " -> " + after.get(i).strip());
			}
		}
		assertThat(changed).containsExactly(
				"server app1:8080 max_fails=2 fail_timeout=10s; -> server 127.0.0.3:40001 max_fails=2 fail_timeout=10s;",
				"server app2:8080 max_fails=2 fail_timeout=10s; -> server 127.0.0.4:40002 max_fails=2 fail_timeout=10s;",
				"server sandbox:8080; -> server 127.0.0.5:40003;", "listen 8080; -> listen 127.0.0.2:40000;");
	}

	@Test
	void aHostItDoesNotKnowIsRefused() {
		String site = """
				upstream wizard {
				    server app1:8080;
				    server app2:8080;
				    server app3:8080;
				}
				upstream sandbox { server sandbox:8080; }
				server { listen 8080; }
				""";
		assertThatIllegalStateException().isThrownBy(() -> Nginx.rewrite(site, UPSTREAMS, 8080, "127.0.0.2:40000"))
			.withMessageContaining("app3:8080");
	}

	@Test
	void aServiceTheConfigNoLongerNamesIsRefused() {
		String site = """
				upstream wizard { server app1:8080; }
				upstream sandbox { server sandbox:8080; }
				server { listen 8080; }
				""";
		assertThatIllegalStateException().isThrownBy(() -> Nginx.rewrite(site, UPSTREAMS, 8080, "127.0.0.2:40000"))
			.withMessageContaining("app2:8080");
	}

}
