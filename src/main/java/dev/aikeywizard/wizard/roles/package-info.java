/** Step 4: Foundation Models roles for the service account on the folder; roles already bound are not sent again. */
package dev.aikeywizard.wizard.roles;
