/**
 * A typed client for the Yandex Cloud REST APIs the wizard needs (IAM, Resource Manager, Billing, Operations,
 * Foundation Models), built on WebClient. Credentials are passed in explicitly on every call. This package knows
 * nothing of the web layer, the wizard, Spring Security or the sandbox.
 */
package dev.aikeywizard.cloud;
