/**
 * Steps 5 and 6: the key's scopes and expiry, the key itself (its secret in exactly one response), its check, and
 * "Make another key".
 */
package dev.aikeywizard.wizard.key;
