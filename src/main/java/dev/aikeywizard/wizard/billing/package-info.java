/**
 * Step 1: billing as the wizard can see it. Blocks only a cloud seen bound to an inactive account; when billing
 * cannot be read (no billing role), warns and goes on.
 */
package dev.aikeywizard.wizard.billing;
