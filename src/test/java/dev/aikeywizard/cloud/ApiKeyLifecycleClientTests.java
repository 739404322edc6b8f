package dev.aikeywizard.cloud;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import dev.aikeywizard.cloud.CloudClientConfiguration.CloudApis;
import dev.aikeywizard.cloud.FakeCloudServer.Recorded;
import dev.aikeywizard.cloud.FakeCloudServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API-key lifecycle calls on the wire (reference §5, §8): list with paging, get, update with a mask, delete. */
class ApiKeyLifecycleClientTests {

	static final IamToken TOKEN = new IamToken("t1.9euelZrFakeIamTokenValue-0123456789", Instant.parse("2099-01-01T00:00:00Z"));

	FakeCloudServer server;

	CloudApis apis;

	@BeforeEach
	void start() throws IOException {
		this.server = new FakeCloudServer();
		this.apis = FakeCloudServer.apis(FakeCloudServer.properties(this.server.base()));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void listFollowsEveryPageAndReadsLastUseWhenPresent() {
		this.server.enqueue(
				Reply.ok("{\"apiKeys\":[{\"id\":\"aje1\",\"serviceAccountId\":\"ajesa\",\"createdAt\":\"2024-01-01T00:00:00Z\","
						+ "\"lastUsedAt\":\"2026-11-30T10:00:00.5Z\",\"scopes\":[\"yc.ai.languageModels.execute\"],"
						+ "\"maskedSecret\":\"****abcdef\"}],\"nextPageToken\":\"p2\"}"),
				Reply.ok("{\"apiKeys\":[{\"id\":\"aje2\",\"serviceAccountId\":\"ajesa\",\"newField\":1}]}"));
		List<ApiKey> keys = this.apis.apiKeys().list(TOKEN, "ajesa").block();
		assertThat(keys).extracting(ApiKey::id).containsExactly("aje1", "aje2");
		assertThat(keys.get(0).lastUsedAt()).isEqualTo(Instant.parse("2026-11-30T10:00:00.5Z"));
		assertThat(keys.get(1).lastUsedAt()).isNull();
		assertThat(keys.get(1).scopes()).isEmpty();
		assertThat(this.server.requests().get(1).query()).contains("pageToken=p2").contains("serviceAccountId=ajesa");
	}

	@Test
	void updateSendsPatchWithTheMaskAndOnlyTheMaskedFields() {
		this.server.enqueue(Reply.ok("{\"id\":\"op1\",\"done\":false}"));
		Operation op = this.apis.apiKeys()
			.update(TOKEN, "aje1", UpdateApiKeyRequest.of(null, null, Instant.parse("2027-01-01T00:00:00Z")), "idem-1")
			.block();
		assertThat(op.done()).isFalse();
		Recorded request = this.server.requests().get(0);
		assertThat(request.method()).isEqualTo("PATCH");
		assertThat(request.path()).isEqualTo("/iam/v1/apiKeys/aje1");
		assertThat(request.header("Idempotency-Key")).isEqualTo("idem-1");
		assertThat(request.body()).isEqualTo("{\"updateMask\":\"expiresAt\",\"expiresAt\":\"2027-01-01T00:00:00Z\"}");
	}

	@Test
	void anUpdateOfNothingIsRefusedBeforeAnyRequest() {
		assertThatThrownBy(() -> UpdateApiKeyRequest.of(null, null, null)).isInstanceOf(IllegalArgumentException.class);
		UpdateApiKeyRequest both = UpdateApiKeyRequest.of(null, List.of("yc.ai.foundationModels.execute"),
				Instant.parse("2027-01-01T00:00:00Z"));
		assertThat(both.updateMask()).isEqualTo("scopes,expiresAt");
	}

	@Test
	void getAndDeleteUseTheKeyPath() {
		this.server.enqueue(Reply.ok("{\"id\":\"aje1\",\"serviceAccountId\":\"ajesa\"}"),
				Reply.ok("{\"id\":\"op2\",\"done\":true,\"response\":{\"@type\":\"type.googleapis.com/google.protobuf.Empty\"}}"));
		assertThat(this.apis.apiKeys().get(TOKEN, "aje1").block().serviceAccountId()).isEqualTo("ajesa");
		assertThat(this.apis.apiKeys().delete(TOKEN, "aje1", "idem-2").block().done()).isTrue();
		assertThat(this.server.requests()).extracting(Recorded::method).containsExactly("GET", "DELETE");
		assertThat(this.server.requests().get(1).path()).isEqualTo("/iam/v1/apiKeys/aje1");
	}

}
