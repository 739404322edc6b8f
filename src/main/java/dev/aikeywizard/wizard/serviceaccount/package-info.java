/** Step 3: a new service account (name checked as the user types) or an existing one of the folder. */
package dev.aikeywizard.wizard.serviceaccount;
