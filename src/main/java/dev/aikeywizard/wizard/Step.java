package dev.aikeywizard.wizard;

/** The wizard's steps in order; {@code path} is the step's URL under {@code /wizard/} and its template name. */
public enum Step {

	BILLING("billing"), CLOUD("cloud"), SERVICE_ACCOUNT("service-account"), ROLES("roles"), SCOPE("scope"),
	KEY("key");

	private final String path;

	Step(String path) {
		this.path = path;
	}

	public String path() {
		return this.path;
	}

	public String url() {
		return "/wizard/" + this.path;
	}

	public String view() {
		return "wizard/" + this.path;
	}

	public int number() {
		return ordinal() + 1;
	}

	public String titleKey() {
		return "step." + this.path + ".title";
	}

}
