/** Step 2: the cloud and the folder the service account and its key live in. */
package dev.aikeywizard.wizard.folder;
