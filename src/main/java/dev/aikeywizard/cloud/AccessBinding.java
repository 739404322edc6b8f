package dev.aikeywizard.cloud;

/** A role bound to a subject, e.g. {@code ai.languageModels.user} to {@code serviceAccount:<id>}. */
public record AccessBinding(String roleId, Subject subject) {

	public record Subject(String id, String type) {

		public static Subject serviceAccount(String id) {
			return new Subject(id, "serviceAccount");
		}

	}

}
