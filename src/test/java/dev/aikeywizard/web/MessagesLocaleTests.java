package dev.aikeywizard.web;

import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.MessageSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page asked for in English is English on a server whose own locale is Russian: the messages never fall back to
 * the system's locale ({@code spring.messages.fallback-to-system-locale=false} in application.yml, which a misplaced
 * block of that file once silently dropped).
 */
@SpringBootTest(properties = "management.server.port=0")
class MessagesLocaleTests {

	@Autowired
	MessageSource messages;

	@Test
	void englishOnARussianServerIsEnglish() {
		Locale server = Locale.getDefault();
		Locale.setDefault(Locale.forLanguageTag("ru"));
		try {
			assertThat(this.messages.getMessage("step.key.heading", null, Locale.ENGLISH)).isEqualTo("Your API key");
			assertThat(this.messages.getMessage("step.key.heading", null, Locale.forLanguageTag("ru")))
				.isEqualTo("Ваш API-ключ");
		}
		finally {
			Locale.setDefault(server);
		}
	}

}
