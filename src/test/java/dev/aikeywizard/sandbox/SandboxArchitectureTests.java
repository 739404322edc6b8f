package dev.aikeywizard.sandbox;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The sandbox is reachable only over HTTP: it imports no application package and none imports it. */
class SandboxArchitectureTests {

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.aikeywizard");

	@Test
	void sandboxDependsOnNoOtherApplicationPackage() {
		noClasses().that()
			.resideInAPackage("dev.aikeywizard.sandbox..")
			.should()
			.dependOnClassesThat(resideInAPackage("dev.aikeywizard..")
				.and(DescribedPredicate.not(resideInAPackage("dev.aikeywizard.sandbox.."))))
			.check(this.classes);
	}

	@Test
	void noApplicationClassDependsOnTheSandbox() {
		noClasses().that()
			.resideOutsideOfPackage("dev.aikeywizard.sandbox..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.aikeywizard.sandbox..")
			.check(this.classes);
	}

}
