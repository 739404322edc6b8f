package dev.aikeywizard.support;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Test-only servlet filter in front of the sandbox: records every POST, PATCH, PUT and DELETE the app sends to the
 * emulated IAM and Resource Manager APIs (creating, binding, deleting), except the IAM token exchange, which changes
 * nothing in the cloud.
 */
public final class UpstreamMutationCounter extends OncePerRequestFilter {

	private final List<String> mutations = new CopyOnWriteArrayList<>();

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String uri = request.getRequestURI();
		boolean mutating = switch (request.getMethod()) {
			case "POST", "PATCH", "PUT", "DELETE" -> true;
			default -> false;
		};
		if (mutating && (uri.startsWith("/sandbox/iam/") || uri.startsWith("/sandbox/resource-manager/"))
				&& !uri.endsWith("/iam/v1/tokens")) {
			this.mutations.add(request.getMethod() + " " + uri);
		}
		chain.doFilter(request, response);
	}

	public List<String> mutations() {
		return List.copyOf(this.mutations);
	}

	public int count() {
		return this.mutations.size();
	}

}
