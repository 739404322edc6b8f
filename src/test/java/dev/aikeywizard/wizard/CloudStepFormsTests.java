package dev.aikeywizard.wizard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.aikeywizard.cloud.Cloud;
import dev.aikeywizard.cloud.Folder;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Issue 7, 11a and 11b: the cloud step's markup as htmx and a browser without JavaScript use it. The page is
 * rendered by the real controller and template; htmx's swap (hx-target / hx-select / hx-swap-oob) is replayed on the
 * parsed page with jsoup, so the test checks what the user ends up with, not how the template is written.
 */
class CloudStepFormsTests extends WizardSliceTestSupport {

	static final String EMPTY_CLOUD = "b1gcloud000000000002";

	@BeforeEach
	void twoBillableCloudsOneWithoutActiveFolders() {
		WizardRun run = new WizardRun(USER_ID);
		run.billingChecked(new BillingCheck(Map.of(CLOUD, BillingCheck.CloudBilling.PAID, EMPTY_CLOUD,
				BillingCheck.CloudBilling.PAID)));
		this.session.setAttribute(WizardRun.SESSION_ATTRIBUTE, run);
		given(this.resourceManager.listClouds(TOKEN)).willReturn(Mono.just(List.of(
				new Cloud(CLOUD, "my-cloud", "", "org", Instant.now()),
				new Cloud(EMPTY_CLOUD, "empty-cloud", "", "org", Instant.now()))));
		given(this.resourceManager.listFolders(TOKEN, CLOUD)).willReturn(
				Mono.just(List.of(new Folder(FOLDER, CLOUD, "default", "", "ACTIVE", Instant.now()))));
		given(this.resourceManager.listFolders(TOKEN, EMPTY_CLOUD)).willReturn(Mono.just(List.of(
				new Folder("b1gfolder00000000009", EMPTY_CLOUD, "gone", "", "PENDING_DELETION", Instant.now()))));
	}

	// 11a

	@Test
	void choosingAnotherCloudUpdatesNextAndExpressWithTheFolders() throws Exception {
		Document page = page(get("/wizard/cloud"));
		assertThat(button(page, "next").hasAttr("disabled")).isFalse();
		assertThat(button(page, "express").hasAttr("disabled")).isFalse();

		chooseCloudWithHtmx(page, EMPTY_CLOUD);
		assertThat(page.select("#folderId")).as("no folder to choose").isEmpty();
		assertThat(button(page, "next").hasAttr("disabled")).as("Next after choosing a cloud without folders").isTrue();
		assertThat(button(page, "express").hasAttr("disabled")).as("Express after choosing a cloud without folders")
			.isTrue();

		chooseCloudWithHtmx(page, CLOUD);
		assertThat(button(page, "next").hasAttr("disabled")).as("Next after choosing a cloud with folders").isFalse();
		assertThat(button(page, "express").hasAttr("disabled")).as("Express after choosing a cloud with folders")
			.isFalse();
		// and what Next would send is the cloud now chosen and its folder
		Map<String, List<String>> sent = submission(page, button(page, "next"));
		assertThat(sent.get("cloudId")).containsExactly(CLOUD);
		assertThat(sent.get("folderId")).containsExactly(FOLDER);
	}

	@Test
	void thePageOfACloudWithoutFoldersDisablesNextAndExpress() throws Exception {
		Document page = page(get("/wizard/cloud").param("cloudId", EMPTY_CLOUD));
		assertThat(button(page, "next").hasAttr("disabled")).isTrue();
		assertThat(button(page, "express").hasAttr("disabled")).isTrue();
	}

	// 11b

	@Test
	void noGetSubmissionOfTheCloudStepCarriesTheCsrfToken() throws Exception {
		Document page = page(get("/wizard/cloud"));
		List<Element> buttons = page.select("button, input[type=submit]")
			.stream()
			.filter((b) -> b.attr("type").isEmpty() || b.attr("type").equals("submit"))
			.filter((b) -> form(page, b) != null)
			.toList();
		assertThat(buttons).isNotEmpty();
		for (Element button : buttons) {
			Map<String, List<String>> sent = submission(page, button);
			if (method(page, button).equals("get")) {
				assertThat(sent).as("GET submitted by " + button.outerHtml()).doesNotContainKey("_csrf");
			}
			else {
				assertThat(sent).as("POST submitted by " + button.outerHtml()).containsKey("_csrf");
			}
		}
		// every htmx GET on the page sends its own value only, never the form with the token
		for (Element hxGet : page.select("[hx-get]")) {
			assertThat(hxGet.attr("hx-include")).as(hxGet.outerHtml()).isEqualTo("this");
		}
	}

	@Test
	void withoutJavaScriptShowFoldersIsAGetOfTheChosenCloudOnlyAndNextPostsIt() throws Exception {
		Document page = page(get("/wizard/cloud"));
		Element show = page.select("noscript button").stream()
			.filter((b) -> method(page, b).equals("get"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no 'Show folders' GET button without JavaScript"));
		Element form = form(page, show);
		assertThat(action(form, show)).isEqualTo("/wizard/cloud");
		// the user picks the empty cloud and presses "Show folders"
		page.select("#cloudId option").forEach((o) -> o.removeAttr("selected"));
		page.selectFirst("#cloudId option[value=" + EMPTY_CLOUD + "]").attr("selected", "selected");
		Map<String, List<String>> sent = submission(page, show);
		assertThat(sent).containsOnlyKeys("cloudId");
		assertThat(sent.get("cloudId")).containsExactly(EMPTY_CLOUD);

		Document shown = page(get("/wizard/cloud").param("cloudId", EMPTY_CLOUD));
		assertThat(button(shown, "next").hasAttr("disabled")).isTrue();
		// back to the cloud with folders: Next posts that cloud, its folder and the token (in the body)
		Document back = page(get("/wizard/cloud").param("cloudId", CLOUD));
		Element next = button(back, "next");
		assertThat(method(back, next)).isEqualTo("post");
		Map<String, List<String>> posted = submission(back, next);
		assertThat(posted.get("cloudId")).containsExactly(CLOUD);
		assertThat(posted.get("folderId")).containsExactly(FOLDER);
		assertThat(posted).containsKey("_csrf");
	}

	// A small model of the browser and htmx

	private Document page(MockHttpServletRequestBuilder request) throws Exception {
		String html = this.mvc.perform(request.session(this.session).with(user()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return Jsoup.parse(html);
	}

	/** What htmx does when the cloud select changes: the GET it sends and the swap of its answer into the page. */
	private void chooseCloudWithHtmx(Document page, String cloudId) throws Exception {
		Element select = page.getElementById("cloudId");
		assertThat(select.attr("hx-trigger")).isEqualTo("change");
		select.select("option").forEach((o) -> o.removeAttr("selected"));
		select.selectFirst("option[value=" + cloudId + "]").attr("selected", "selected");
		String target = select.attr("hx-target");
		String html = this.mvc
			.perform(get(select.attr("hx-get")).param("cloudId", cloudId)
				.session(this.session)
				.with(user())
				.header("HX-Request", "true")
				.header("HX-Trigger", "cloudId")
				.header("HX-Trigger-Name", "cloudId")
				.header("HX-Target", target.replace("#", "")))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		Document response = Jsoup.parseBodyFragment(html);
		// out-of-band swaps first, as htmx 2 does
		for (Element oob : response.select("[hx-swap-oob]")) {
			oob.remove();
			Element old = page.getElementById(oob.id());
			assertThat(old).as("oob target #" + oob.id()).isNotNull();
			oob.removeAttr("hx-swap-oob");
			old.replaceWith(oob);
		}
		Element selected = select.hasAttr("hx-select") ? response.selectFirst(select.attr("hx-select"))
				: response.body().child(0);
		assertThat(selected).as("hx-select " + select.attr("hx-select") + " in " + html).isNotNull();
		assertThat(select.attr("hx-swap")).isEqualTo("outerHTML");
		page.selectFirst(target).replaceWith(selected);
	}

	private static Element button(Document page, String testId) {
		Element button = page.selectFirst("[data-testid=" + testId + "]");
		assertThat(button).as(testId).isNotNull();
		return button;
	}

	private static Element form(Document page, Element control) {
		if (control.hasAttr("form")) {
			return page.getElementById(control.attr("form"));
		}
		return control.closest("form");
	}

	private static String method(Document page, Element button) {
		String method = button.hasAttr("formmethod") ? button.attr("formmethod") : form(page, button).attr("method");
		return method.isEmpty() ? "get" : method.toLowerCase();
	}

	private static String action(Element form, Element button) {
		return button.hasAttr("formaction") ? button.attr("formaction") : form.attr("action");
	}

	/** The name/value pairs a browser submits for {@code button} (HTML form submission, simplified). */
	static Map<String, List<String>> submission(Document page, Element button) {
		Element form = form(page, button);
		List<Element> controls = new ArrayList<>(form.select("input[name], select[name], textarea[name]"));
		if (!form.id().isEmpty()) {
			controls.addAll(page.select("[form=" + form.id() + "][name]"));
		}
		Map<String, List<String>> data = new LinkedHashMap<>();
		for (Element control : controls) {
			if (control.hasAttr("disabled") || (control.hasAttr("form") && !control.attr("form").equals(form.id()))) {
				continue;
			}
			String value;
			if (control.tagName().equals("select")) {
				Element option = control.selectFirst("option[selected]:not([disabled])");
				if (option == null) {
					option = control.selectFirst("option:not([disabled])");
				}
				if (option == null) {
					continue;
				}
				value = option.hasAttr("value") ? option.attr("value") : option.text();
			}
			else if (List.of("checkbox", "radio").contains(control.attr("type")) && !control.hasAttr("checked")) {
				continue;
			}
			else if (List.of("submit", "button", "reset").contains(control.attr("type"))) {
				continue;
			}
			else {
				value = control.attr("value");
			}
			data.computeIfAbsent(control.attr("name"), (k) -> new ArrayList<>()).add(value);
		}
		if (button.hasAttr("name")) {
			data.computeIfAbsent(button.attr("name"), (k) -> new ArrayList<>()).add(button.attr("value"));
		}
		return data;
	}

}
