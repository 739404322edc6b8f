package dev.aikeywizard.sandbox;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Started with no flags (what {@code ./mvnw spring-boot:run} does), the app serves the sandbox on loopback only and
 * every page says "Sandbox".
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SandboxDefaultStartTests {

	@Autowired
	WebServerApplicationContext context;

	@LocalServerPort
	int port;

	@Test
	void listensOnLoopbackOnly() throws Exception {
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
		Object address = server.getTomcat().getConnector().getProperty("address");
		assertThat(address).isInstanceOf(InetAddress.class);
		assertThat(((InetAddress) address).isLoopbackAddress()).as("bound to %s", address).isTrue();

		Optional<InetAddress> external = nonLoopbackAddress();
		assumeTrue(external.isPresent(), "this machine has no non-loopback address to try");
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(external.get(), this.port), 2000);
			}
		});
	}

	@Test
	void servesTheSandboxWithTheBadgeOnEveryPage() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		for (String path : new String[] { "/", "/error" }) {
			HttpResponse<String> page = http.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
						.header("Accept", "text/html")
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(page.body()).as(path).contains("data-testid=\"sandbox-badge\"").contains(">Sandbox<");
		}
		HttpResponse<String> sandbox = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/sandbox/endpoints")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(sandbox.statusCode()).isEqualTo(200);
	}

	private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
		return NetworkInterface.networkInterfaces()
			.filter(SandboxDefaultStartTests::isUp)
			.flatMap(NetworkInterface::inetAddresses)
			.filter((address) -> address instanceof Inet4Address && !address.isLoopbackAddress()
					&& !address.isLinkLocalAddress())
			.findFirst();
	}

	private static boolean isUp(NetworkInterface network) {
		try {
			return network.isUp() && !network.isLoopback();
		}
		catch (IOException ex) {
			return false;
		}
	}

}
