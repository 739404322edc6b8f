package dev.aikeywizard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the packaged settings the actuator endpoints are on a management port of their own, on loopback (a test with
 * a random server port gets a random management port instead of 8081), and the main port keeps only the liveness and
 * readiness probes. OperationsIT checks the same from a signed-in user's side.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ManagementPortTests {

	final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	Environment environment;

	@Test
	void theManagementServerIsAnotherPortOnLoopback() {
		assertThat(this.managementPort).isPositive().isNotEqualTo(this.port);
		assertThat(this.environment.getProperty("management.server.address")).isEqualTo("127.0.0.1");
	}

	@Test
	void theMainPortAnswersTheProbesOnly() throws Exception {
		for (String probe : List.of("/livez", "/readyz")) {
			HttpResponse<String> answer = get(this.port, probe);
			assertThat(answer.statusCode()).as(probe).isEqualTo(200);
			assertThat(answer.body()).as(probe).contains("\"status\":\"UP\"");
		}
		for (String path : List.of("/actuator/metrics", "/actuator/info", "/actuator/health")) {
			HttpResponse<String> answer = get(this.port, path);
			assertThat(answer.statusCode()).as(path).isIn(302, 404);
			assertThat(answer.body()).as(path).doesNotContain("\"names\"").doesNotContain("\"status\"");
		}
	}

	@Test
	void theManagementPortAnswersHealthInfoAndMetricsWithoutSignIn() throws Exception {
		for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
			HttpResponse<String> answer = get(this.managementPort, path);
			assertThat(answer.statusCode()).as(path).isEqualTo(200);
			assertThat(answer.body()).as(path).contains("\"status\":\"UP\"");
		}
		assertThat(get(this.managementPort, "/actuator/info").statusCode()).isEqualTo(200);
		HttpResponse<String> metrics = get(this.managementPort, "/actuator/metrics");
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("\"names\"");
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
