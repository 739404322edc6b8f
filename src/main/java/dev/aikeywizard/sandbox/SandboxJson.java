package dev.aikeywizard.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The sandbox's own JSON handling, strict like the real gateway: an unknown field, a wrong type or trailing data is
 * INVALID_ARGUMENT. It deliberately does not use (or change) the application-wide mapper.
 */
final class SandboxJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		// proto3 JSON: a string field does not take a number or a boolean
		.withCoercionConfig(LogicalType.Textual,
				(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
		.build();

	private SandboxJson() {
	}

	static <T> T read(String body, Class<T> type) {
		String json = (body == null || body.isBlank()) ? "{}" : body;
		try {
			T value = MAPPER.readValue(json, type);
			if (value == null) {
				throw SandboxRpcException.invalid("Invalid JSON payload received: expected an object");
			}
			return value;
		}
		catch (UnrecognizedPropertyException ex) {
			throw SandboxRpcException.invalid("Invalid JSON payload received. Unknown name \"" + ex.getPropertyName()
					+ "\"" + where(ex) + ": Cannot find field.");
		}
		catch (JacksonException ex) {
			// The parser's own message may quote the payload, which could hold a credential: keep it generic.
			throw SandboxRpcException.invalid("Invalid JSON payload received" + where(ex) + ": malformed value");
		}
	}

	/** The body as a tree, for comparing idempotent replays regardless of whitespace and key order. */
	static JsonNode tree(String body) {
		try {
			return MAPPER.readTree((body == null || body.isBlank()) ? "{}" : body);
		}
		catch (JacksonException ex) {
			return MAPPER.getNodeFactory().textNode(body);
		}
	}

	static String write(Object value) {
		return MAPPER.writeValueAsString(value);
	}

	/** A google.protobuf.Any: the {@code @type} key first, then the message's own fields. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> any(String protoName, Object message) {
		Map<String, Object> any = new LinkedHashMap<>();
		any.put("@type", "type.googleapis.com/" + protoName);
		if (message != null) {
			any.putAll(MAPPER.convertValue(message, Map.class));
		}
		return any;
	}

	private static String where(JacksonException ex) {
		String path = ex.getPath()
			.stream()
			.map((ref) -> (ref.getPropertyName() != null) ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
			.collect(Collectors.joining("."))
			.replace(".[", "[");
		return path.isEmpty() ? "" : " at '" + path + "'";
	}

}
