/**
 * "Create with recommended settings": a plan fixed on the page where it was pressed, carried out step by step
 * (service account, roles, key) from the progress polls, and cancelled by any manual step.
 */
package dev.aikeywizard.wizard.express;
