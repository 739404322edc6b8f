/**
 * Export of what the wizard set up as code: a runnable {@code yc} script and a Terraform file, built from a
 * {@link dev.aikeywizard.export.KeySetup} so any page that knows a key's setup (the wizard's result page, later
 * "My keys") can offer them. Neither ever holds a key's secret.
 */
package dev.aikeywizard.export;
