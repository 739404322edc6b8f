package dev.aikeywizard.cloud;

import java.util.List;
import java.util.Map;

/** A google.rpc.Status as Yandex Cloud sends it in error bodies and in {@code Operation.error}. */
public record RpcStatus(int code, String message, List<Map<String, Object>> details) {
}
