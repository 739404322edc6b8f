package dev.aikeywizard.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * English and Russian stay in step: every key exists in both bundles, every key a template or the code uses exists,
 * and templates hold no hard-coded UI text (the sandbox's emulated Yandex pages excepted).
 */
class I18nPropertiesSyncTests {

	private static final Path TEMPLATES = Path.of("src/main/resources/templates");

	/** Text allowed verbatim: each language's own name, shown in that language. */
	private static final Set<String> ALLOWED_TEXT = Set.of("English", "Русский", "✔");

	@Test
	void everyKeyExistsInEnglishAndRussian() throws IOException {
		Properties en = load("messages.properties");
		Properties ru = load("messages_ru.properties");
		assertThat(new TreeSet<>(ru.stringPropertyNames())).isEqualTo(new TreeSet<>(en.stringPropertyNames()));
		ru.stringPropertyNames().forEach((key) -> assertThat(ru.getProperty(key)).as(key).isNotBlank());
	}

	@Test
	void everyKeyTheTemplatesUseExists() throws IOException {
		Properties en = load("messages.properties");
		Pattern literalKey = Pattern.compile("#\\{([a-zA-Z0-9_.-]+)[}(]");
		List<String> missing = new ArrayList<>();
		for (Path template : productTemplates()) {
			Matcher matcher = literalKey.matcher(Files.readString(template));
			while (matcher.find()) {
				if (!en.containsKey(matcher.group(1))) {
					missing.add(template.getFileName() + ": " + matcher.group(1));
				}
			}
		}
		assertThat(missing).isEmpty();
	}

	@Test
	void everyKeyTheCodeNamesExists() throws IOException {
		Properties en = load("messages.properties");
		Pattern key = Pattern.compile("\"((?:error|problem|resource|scope|step|progress)\\.[a-zA-Z0-9_.-]+)\"");
		List<String> missing = new ArrayList<>();
		try (Stream<Path> sources = Files.walk(Path.of("src/main/java/dev/aikeywizard/wizard"))) {
			for (Path source : sources.filter((p) -> p.toString().endsWith(".java")).toList()) {
				Matcher matcher = key.matcher(Files.readString(source));
				while (matcher.find()) {
					String name = matcher.group(1);
					if (!en.containsKey(name) && !name.endsWith(".")) {
						missing.add(source.getFileName() + ": " + name);
					}
				}
			}
		}
		for (String prefix : List.of("role.", "scope.")) {
			// enum-derived keys
			assertThat(en.stringPropertyNames().stream().filter((k) -> k.startsWith(prefix)).count()).isPositive();
		}
		assertThat(missing).isEmpty();
	}

	@Test
	void templatesHoldNoHardCodedText() throws IOException {
		Pattern element = Pattern.compile("<([a-zA-Z][a-zA-Z0-9:]*)([^>]*)>([^<]+)<");
		List<String> offenders = new ArrayList<>();
		for (Path template : productTemplates()) {
			String html = Files.readString(template).replaceAll("(?s)<pre[^>]*>.*?</pre>", "<pre></pre>")
				.replaceAll("(?s)<title[^>]*>.*?</title>", "")
				.replaceAll("(?s)<code[^>]*>[^<]*</code>", "");
			Matcher matcher = element.matcher(html);
			while (matcher.find()) {
				String attributes = matcher.group(2);
				String text = matcher.group(3).strip();
				boolean translated = attributes.contains("th:text") || attributes.contains("th:utext")
						|| attributes.contains("th:replace");
				if (!translated && text.matches("(?s).*\\p{L}.*") && !ALLOWED_TEXT.contains(text)) {
					offenders.add(template.getFileName() + ": " + text);
				}
			}
		}
		assertThat(offenders).isEmpty();
	}

	private static List<Path> productTemplates() throws IOException {
		try (Stream<Path> files = Files.walk(TEMPLATES)) {
			return files.filter((p) -> p.toString().endsWith(".html"))
				.filter((p) -> !TEMPLATES.relativize(p).startsWith("sandbox"))
				.toList();
		}
	}

	private static Properties load(String name) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = Files.newInputStream(Path.of("src/main/resources", name))) {
			properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}

}
