package dev.aikeywizard.portal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets only allowed staff reach the desk's pages: anyone else who signed in gets the "not allowed" page (see
 * {@link PortalPages}) before any controller runs, so nothing is called in any cloud for them.
 */
final class StaffGate implements HandlerInterceptor {

	private final StaffAllowList allowList;

	StaffGate(StaffAllowList allowList) {
		this.allowList = allowList;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof OAuth2User user) {
			StaffMember member = StaffMember.of(user);
			if (!this.allowList.allows(member)) {
				throw new NotStaffException(member);
			}
		}
		return true;
	}

	/** A signed-in user the allow-lists do not name. */
	static final class NotStaffException extends RuntimeException {

		private final transient StaffMember member;

		NotStaffException(StaffMember member) {
			super("not on the desk's allow-lists: user " + member.userId());
			this.member = member;
		}

		StaffMember member() {
			return this.member;
		}

	}

}
