/** The operation a run waits for, shown live and polled by htmx; the express plan advances from these polls. */
package dev.aikeywizard.wizard.progress;
