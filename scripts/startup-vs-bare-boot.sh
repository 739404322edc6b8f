#!/usr/bin/env bash
# Start-up time and memory of ai-key-wizard against a bare Spring Boot webmvc app of the same Boot version, started
# the same way (issue 9). Needs the app's jar (./mvnw -DskipTests package) and curl. Prints one line per start.
#
#   scripts/startup-vs-bare-boot.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-2}
boot_version=$(sed -n '/<parent>/,/<\/parent>/s/.*<version>\(.*\)<\/version>.*/\1/p' pom.xml)
bare=target/bare-boot
mkdir -p "$bare/src/main/java/bare"
cat > "$bare/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>$boot_version</version>
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
POM
cat > "$bare/src/main/java/bare/BareApplication.java" <<'JAVA'
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
JAVA
./mvnw -q -f "$bare/pom.xml" -DskipTests package
app_jar=$(ls target/ai-key-wizard-*.jar | grep -v plain | head -1)

# measure NAME JAR PORT ARGS...: ms to the first answer on /, "Started ... in", RSS 3 s later and after 50 requests.
measure() {
	local name=$1 jar=$2 port=$3
	shift 3
	local log="target/startup-$name.log" start pid ready rss rss2 started
	start=$(date +%s%N)
	java -jar "$jar" --server.port="$port" "$@" > "$log" 2>&1 &
	pid=$!
	until curl -s -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.05; done
	ready=$(( ($(date +%s%N) - start) / 1000000 ))
	sleep 3
	rss=$(ps -o rss= -p "$pid")
	for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/"; done
	sleep 1
	rss2=$(ps -o rss= -p "$pid")
	started=$(grep -o "Started [A-Za-z]* in [0-9.]* seconds" "$log" | head -1)
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	echo "$name: first answer after $ready ms; $started; RSS $rss KB after start, $rss2 KB after 50 requests"
}

for _ in $(seq 1 "$runs"); do
	measure bare "$bare/target/bare-1.jar" 18080
	measure app "$app_jar" 18081 --management.server.port=0
	measure app-without-sandbox "$app_jar" 18082 --management.server.port=0 --app.sandbox.enabled=false
done
