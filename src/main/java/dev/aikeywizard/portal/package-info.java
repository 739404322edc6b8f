/**
 * Portal mode (issue 10): the app acts in Yandex Cloud with its own service account instead of each user's
 * credential. This package holds the operator's credentials so far: the authorized key file, the JWT signed with it
 * and the IAM token exchanged for that JWT. It uses the {@code cloud} client and knows nothing of the wizard, web,
 * security or sandbox packages.
 */
package dev.aikeywizard.portal;
