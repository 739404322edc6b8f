package dev.aikeywizard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code nginx} (the package {@code nginx-light} is enough: upstream, map and proxy are built in) running a
 * site config of ours, e.g. {@code deploy/nginx.conf}, with nothing changed but the host names and ports of the
 * compose network, which become loopback addresses. The main config around it is generated: no daemon, pid and
 * temp files under the given directory, errors on stderr, and an access log that names each request's user agent
 * and upstream so a test can count what went where.
 */
public final class Nginx {

	public static final String EXECUTABLE = System.getProperty("nginx.binary", "/usr/sbin/nginx");

	private static final Pattern ACCESS_LINE = Pattern
		.compile("^\"(\\S+) (\\S+)(?: [^\"]*)?\" (\\d{3}) ua=\"([^\"]*)\" upstream=(.*)$");

	/** A {@code host:port} with a host name (not a loopback address): one of the compose network's. */
	private static final Pattern HOST_PORT = Pattern.compile("(?<![\\w.-])[A-Za-z][\\w.-]*:\\d+\\b");

	private Nginx() {
	}

	/** One request as nginx logged it; {@code upstream} is the last server tried ({@code "-"} when none). */
	public record Request(String method, String uri, int status, String userAgent, String upstream) {

		public String path() {
			int query = this.uri.indexOf('?');
			return (query < 0) ? this.uri : this.uri.substring(0, query);
		}

	}

	/**
	 * The site config with each {@code host:port} of {@code upstreams} replaced by its loopback address and
	 * {@code listen <port>} by {@code listen <address>}. Every key must occur, and no other {@code host:port} may
	 * remain outside comments, so a change of the deployed file cannot slip past unmapped.
	 */
	public static String rewrite(String site, Map<String, String> upstreams, int listenPort, String listen) {
		String rewritten = site;
		for (Map.Entry<String, String> upstream : upstreams.entrySet()) {
			Pattern pattern = Pattern.compile("(?<![\\w.-])" + Pattern.quote(upstream.getKey()) + "(?![\\w.-])");
			Matcher matcher = pattern.matcher(rewritten);
			if (!matcher.find()) {
				throw new IllegalStateException("the nginx config names no " + upstream.getKey());
			}
			rewritten = matcher.replaceAll(Matcher.quoteReplacement(upstream.getValue()));
		}
		Matcher listenDirective = Pattern.compile("\\b(listen\\s+)" + listenPort + "(?=[\\s;])")
			.matcher(rewritten);
		if (!listenDirective.find()) {
			throw new IllegalStateException("the nginx config has no 'listen " + listenPort + "'");
		}
		rewritten = listenDirective.replaceAll("$1" + Matcher.quoteReplacement(listen));
		List<String> leftovers = new ArrayList<>();
		for (String line : rewritten.split("\n")) {
			Matcher hostPort = HOST_PORT.matcher(line.replaceAll("#.*", ""));
			while (hostPort.find()) {
				leftovers.add(hostPort.group());
			}
		}
		if (!leftovers.isEmpty()) {
			throw new IllegalStateException("host names left in the nginx config, map them too: " + leftovers);
		}
		return rewritten;
	}

	/**
	 * Writes {@code nginx.conf} (main config) and {@code site.conf} (the rewritten site) into {@code directory} and
	 * starts nginx on them, output in {@code log}.
	 */
	public static ChildProcess start(String site, Path directory, Path log) {
		try {
			Path dir = Files.createDirectories(directory).toAbsolutePath();
			for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
				Files.createDirectories(dir.resolve("temp").resolve(temp));
			}
			Files.writeString(dir.resolve("site.conf"), site, StandardCharsets.UTF_8);
			Files.writeString(dir.resolve("nginx.conf"), mainConfig(dir), StandardCharsets.UTF_8);
			Files.deleteIfExists(accessLog(dir));
			Map<String, String> environment = new LinkedHashMap<>();
			environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
			return ChildProcess.start("nginx",
					List.of(EXECUTABLE, "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(), "-e",
							"stderr"),
					environment, dir, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static Path accessLog(Path directory) {
		return directory.toAbsolutePath().resolve("access.log");
	}

	/** Every request in the access log so far, oldest first. */
	public static List<Request> requests(Path directory) {
		Path log = accessLog(directory);
		try {
			if (!Files.exists(log)) {
				return List.of();
			}
			List<Request> requests = new ArrayList<>();
			String[] lines = Files.readString(log, StandardCharsets.UTF_8).split("\n", -1);
			// The last element is empty, or a line nginx is still writing.
			for (String line : Arrays.asList(lines).subList(0, lines.length - 1)) {
				Matcher matcher = ACCESS_LINE.matcher(line);
				if (!matcher.matches()) {
					throw new IllegalStateException("unexpected access log line: " + line);
				}
				String[] upstreams = matcher.group(5).split(",\\s*");
				requests.add(new Request(matcher.group(1), matcher.group(2), Integer.parseInt(matcher.group(3)),
						matcher.group(4), upstreams[upstreams.length - 1]));
			}
			return requests;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String mainConfig(Path dir) {
		String temp = dir.resolve("temp").toString();
		// Only a master running as root switches users; ours keeps its own, so the workers can write the temp files.
		String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
		return """
				# Generated by the test (support/Nginx.java): the compose file's nginx, without Docker.
				daemon off;
				master_process on;
				worker_processes 1;
				%spid %s;
				error_log stderr info;

				events {
				    worker_connections 512;
				}

				http {
				    client_body_temp_path %s/client_body;
				    proxy_temp_path %s/proxy;
				    fastcgi_temp_path %s/fastcgi;
				    uwsgi_temp_path %s/uwsgi;
				    scgi_temp_path %s/scgi;
				    log_format topology '"$request" $status ua="$http_user_agent" upstream=$upstream_addr';
				    access_log %s topology;

				    include %s;
				}
				""".formatted(user, dir.resolve("nginx.pid"), temp, temp, temp, temp, temp, accessLog(dir),
				dir.resolve("site.conf"));
	}

}
