package dev.aikeywizard.wizard;

import java.util.regex.Pattern;

/**
 * A Yandex Cloud resource id is lowercase letters and digits (20 of them today). Anything else is refused before it
 * reaches the cloud client, where it would become part of a request path (a {@code ?}, {@code ../} or {@code {}}
 * there changes the request or breaks the URI template).
 */
public final class ResourceIds {

	private static final Pattern RESOURCE_ID = Pattern.compile("[a-z0-9]{1,50}");

	private ResourceIds() {
	}

	public static boolean isResourceId(String id) {
		return id != null && RESOURCE_ID.matcher(id).matches();
	}

}
