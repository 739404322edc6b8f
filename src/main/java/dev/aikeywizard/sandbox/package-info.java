/**
 * The sandbox: a built-in emulator of Yandex ID (authorize, token, user info) and of the Yandex Cloud REST APIs the
 * wizard calls (IAM, Resource Manager, Billing, Operations, Foundation Models tokenize), served under
 * {@code /sandbox} only when {@code app.sandbox.enabled=true}.
 * <p>
 * It keeps one in-memory world per demo user ("persona"), each a scenario (ready, trial, nobilling, viewer, flaky,
 * slow). It has its own wire records and imports nothing from the rest of the application; production code never
 * imports it either. The application reaches it only over HTTP, with the JSON shapes of the real services.
 */
package dev.aikeywizard.sandbox;
