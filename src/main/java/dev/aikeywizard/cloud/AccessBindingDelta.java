package dev.aikeywizard.cloud;

public record AccessBindingDelta(Action action, AccessBinding accessBinding) {

	public enum Action {

		ADD, REMOVE

	}

	public static AccessBindingDelta add(String roleId, AccessBinding.Subject subject) {
		return new AccessBindingDelta(Action.ADD, new AccessBinding(roleId, subject));
	}

}
