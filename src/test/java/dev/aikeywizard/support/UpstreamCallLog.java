package dev.aikeywizard.support;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Test-only servlet filter in front of the sandbox: records every call a server makes to emulated Yandex ID and
 * Yandex Cloud (token, user info, IAM, Resource Manager, Billing, Operation, Foundation Models) as
 * {@code METHOD /api/path}, resource ids replaced by {@code {id}}, so a test can count calls by API and method.
 */
public final class UpstreamCallLog extends OncePerRequestFilter implements Ordered {

	/** Puts a log in front of the app's sandbox: {@code @Import(UpstreamCallLog.Installed.class)}, then autowire it. */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Installed {

		@Bean
		UpstreamCallLog upstreamCallLog() {
			return new UpstreamCallLog();
		}

	}

	private static final Pattern API = Pattern
		.compile("/sandbox/(iam|resource-manager|billing|operation|llm)/.*|/sandbox/oauth/token|/sandbox/login/info");

	/** The sandbox's resource ids: 20 letters and digits. */
	private static final Pattern ID = Pattern.compile("(?<=/)[A-Za-z0-9]{20}(?=$|/|:)");

	private final List<String> calls = new CopyOnWriteArrayList<>();

	private final List<String> timeline = new CopyOnWriteArrayList<>();

	private volatile long since = System.nanoTime();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String uri = request.getRequestURI();
		if (API.matcher(uri).matches()) {
			String call = request.getMethod() + " " + ID.matcher(uri.substring("/sandbox".length())).replaceAll("{id}");
			this.calls.add(call);
			long start = System.nanoTime();
			try {
				chain.doFilter(request, response);
			}
			finally {
				this.timeline.add(String.format("%6d..%6d ms %s", (start - this.since) / 1_000_000,
						(System.nanoTime() - this.since) / 1_000_000, call));
			}
			return;
		}
		chain.doFilter(request, response);
	}

	/** Outside every other filter, the sandbox's latency included: a call's time is what the app waited. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	public List<String> calls() {
		return List.copyOf(this.calls);
	}

	/** How many times each call was made, sorted by call. */
	public Map<String, Integer> counts() {
		Map<String, Integer> counts = new TreeMap<>();
		this.calls.forEach((call) -> counts.merge(call, 1, Integer::sum));
		return counts;
	}

	/** Each call with when it came and when it was answered, in ms since the last {@link #clear()}. */
	public List<String> timeline() {
		return List.copyOf(this.timeline);
	}

	public void clear() {
		this.since = System.nanoTime();
		this.timeline.clear();
		this.calls.clear();
	}

}
