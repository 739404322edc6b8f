/**
 * The wizard: six steps that mirror the Yandex Cloud console procedure for a Foundation Models API key, each a
 * full page at its own URL and an htmx fragment. Wizard progress lives in the HTTP session; the key's secret never
 * does.
 */
package dev.aikeywizard.wizard;
