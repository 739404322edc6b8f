package dev.aikeywizard.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The public landing page; a signed-in user goes straight on to the wizard. */
@Controller
class HomeController {

	@GetMapping("/")
	String home(Authentication authentication) {
		if (authentication instanceof OAuth2AuthenticationToken) {
			return "redirect:/wizard";
		}
		return "index";
	}

}
