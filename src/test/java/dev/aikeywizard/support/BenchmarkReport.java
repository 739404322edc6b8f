package dev.aikeywizard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where every benchmark ({@code ./mvnw verify -Pbenchmark}) puts its Markdown: {@code target/benchmark/<name>.md},
 * one file per benchmark, printed too.
 */
public final class BenchmarkReport {

	/** The folder of all benchmark reports. */
	public static final Path DIRECTORY = Path.of("target", "benchmark");

	private BenchmarkReport() {
	}

	/** Prints {@code markdown} and writes it to {@code target/benchmark/<name>.md}; returns the file. */
	public static Path write(String name, String markdown) {
		System.out.println(markdown);
		Path file = DIRECTORY.resolve(name + ".md");
		try {
			Files.createDirectories(DIRECTORY);
			Files.writeString(file, markdown);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not write " + file, ex);
		}
		return file;
	}

}
