/**
 * Sign-in with Yandex ID (OAuth2 authorization code with PKCE), the HTTP security policy, and the server-side store
 * of each user's Yandex Cloud credential (an IAM token, renewed before it expires). Tokens never leave the server.
 */
package dev.aikeywizard.security;
