/**
 * Key lifecycle (issue 11): "My keys" for a folder (every service account with Foundation Models roles or API keys,
 * and its keys with their last use), revoke, change of expiry or scopes through an update mask, rotation to a
 * successor key whose secret is shown once, and an expiry reminder as an RFC 5545 calendar file. Each change is
 * published as an application event ({@link dev.aikeywizard.keys.KeyRotated}, {@link dev.aikeywizard.keys.KeyRevoked},
 * {@link dev.aikeywizard.keys.KeyExpiryChanged}, {@link dev.aikeywizard.keys.KeyScopesChanged}), never with a secret.
 */
package dev.aikeywizard.keys;
