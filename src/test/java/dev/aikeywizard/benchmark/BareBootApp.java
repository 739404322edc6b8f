package dev.aikeywizard.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.SpringBootVersion;

/**
 * The yardstick of {@link StartupBenchmark}: a bare Spring Boot webmvc application of the same Boot version as this
 * app (one controller answering {@code GET /} with {@code hello}, nothing else), written under
 * {@code target/bare-boot} and packaged by a nested offline Maven build with this project's wrapper. Built once; a
 * jar that is already there is reused.
 */
final class BareBootApp {

	private static final String POM = """
			<project xmlns="http://maven.apache.org/POM/4.0.0">
			  <modelVersion>4.0.0</modelVersion>
			  <parent>
			    <groupId>org.springframework.boot</groupId>
			    <artifactId>spring-boot-starter-parent</artifactId>
			    <version>%s</version>
			    <relativePath/>
			  </parent>
			  <groupId>bare</groupId>
			  <artifactId>bare</artifactId>
			  <version>1</version>
			  <properties><java.version>17</java.version></properties>
			  <dependencies>
			    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-webmvc</artifactId></dependency>
			  </dependencies>
			  <build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>
			</project>
			""";

	private static final String APPLICATION = """
			package bare;

			import org.springframework.boot.SpringApplication;
			import org.springframework.boot.autoconfigure.SpringBootApplication;
			import org.springframework.web.bind.annotation.GetMapping;
			import org.springframework.web.bind.annotation.RestController;

			@SpringBootApplication
			@RestController
			public class BareApplication {

				@GetMapping("/")
				String hello() {
					return "hello";
				}

				public static void main(String[] args) {
					SpringApplication.run(BareApplication.class, args);
				}

			}
			""";

	private BareBootApp() {
	}

	/** The bare app's executable jar, built on first use from the project in {@code projectDirectory}. */
	static Path jar(Path projectDirectory) throws IOException, InterruptedException {
		Path bare = projectDirectory.resolve("target/bare-boot");
		Path jar = bare.resolve("target/bare-1.jar");
		String pom = POM.formatted(SpringBootVersion.getVersion());
		Path pomFile = bare.resolve("pom.xml");
		if (Files.exists(jar) && Files.exists(pomFile) && Files.readString(pomFile).equals(pom)) {
			return jar;
		}
		Files.createDirectories(bare.resolve("src/main/java/bare"));
		Files.writeString(pomFile, pom, StandardCharsets.UTF_8);
		Files.writeString(bare.resolve("src/main/java/bare/BareApplication.java"), APPLICATION, StandardCharsets.UTF_8);
		Path log = projectDirectory.resolve("target/benchmark/bare-boot-build.log");
		Files.createDirectories(log.getParent());
		List<String> command = List.of(projectDirectory.resolve("mvnw").toString(), "-o", "-q", "-f", pomFile.toString(),
				"-DskipTests", "package");
		ProcessBuilder builder = new ProcessBuilder(command).directory(projectDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		// The nested build must not inherit the benchmark's own Maven options (profiles, -Dit.test, ...).
		Map<String, String> environment = builder.environment();
		environment.remove("MAVEN_OPTS");
		environment.remove("MAVEN_ARGS");
		Process process = builder.start();
		if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0 || !Files.exists(jar)) {
			process.destroyForcibly();
			throw new IllegalStateException("The bare Boot app did not build (offline, " + String.join(" ", command)
					+ "):\n" + Files.readString(log));
		}
		return jar;
	}

}
