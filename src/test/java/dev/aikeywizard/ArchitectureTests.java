package dev.aikeywizard;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The boundaries the architecture rests on, checked on the compiled production classes. */
class ArchitectureTests {

	private static final JavaClasses PRODUCTION = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.aikeywizard");

	@Test
	void productionCodeNeverUsesTheSandbox() {
		noClasses().that()
			.resideOutsideOfPackage("dev.aikeywizard.sandbox..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.aikeywizard.sandbox..")
			.check(PRODUCTION);
	}

	@Test
	void theSandboxKeepsItsOwnWireTypes() {
		noClasses().that()
			.resideInAPackage("dev.aikeywizard.sandbox..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.aikeywizard.cloud..", "dev.aikeywizard.wizard..", "dev.aikeywizard.security..",
					"dev.aikeywizard.web..")
			.check(PRODUCTION);
	}

	@Test
	void theCloudClientKnowsNothingOfTheWebWizardSecurityOrSandbox() {
		noClasses().that()
			.resideInAPackage("dev.aikeywizard.cloud..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.aikeywizard.web..", "dev.aikeywizard.wizard..", "dev.aikeywizard.security..",
					"dev.aikeywizard.sandbox..", "org.springframework.security..", "org.springframework.web.servlet..",
					"jakarta.servlet..", "org.thymeleaf..")
			.check(PRODUCTION);
	}

	@Test
	void theWizardUsesTheCloudClientNotTheWireItself() {
		noClasses().that()
			.resideInAnyPackage("dev.aikeywizard.wizard..", "dev.aikeywizard.web..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.web.reactive.function.client..")
			.check(PRODUCTION);
	}

}
