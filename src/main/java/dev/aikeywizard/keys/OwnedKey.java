package dev.aikeywizard.keys;

import dev.aikeywizard.cloud.ApiKey;
import dev.aikeywizard.cloud.ServiceAccount;

/** A key read from the cloud and checked to belong to a service account of the folder the user chose. */
public record OwnedKey(String folderId, ServiceAccount account, ApiKey key) {
}
