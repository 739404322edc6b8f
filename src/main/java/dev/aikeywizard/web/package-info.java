/** Cross-cutting web pieces: locale selection, htmx helpers, the landing page. */
package dev.aikeywizard.web;
