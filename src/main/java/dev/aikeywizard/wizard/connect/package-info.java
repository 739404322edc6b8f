/** "Connect your cloud" when IAM refuses the Yandex ID token, and signing in again without losing the run. */
package dev.aikeywizard.wizard.connect;
