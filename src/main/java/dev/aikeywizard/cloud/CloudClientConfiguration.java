package dev.aikeywizard.cloud;

import java.net.URI;
import java.util.function.BiFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One WebClient per Yandex Cloud host, each with the configured connect and read timeouts and its own JSON mapping
 * (unknown fields ignored, int64 strings read as numbers, nulls left out, RFC 3339 timestamps), and the API beans.
 */
@Configuration(proxyBeanMethods = false)
class CloudClientConfiguration {

	/** Jackson settings of the wire, independent of the app's own ObjectMapper. */
	static JsonMapper wireJson() {
		return JsonMapper.builder()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
			.changeDefaultPropertyInclusion((inclusion) -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
			.build();
	}

	static BiFunction<String, URI, CloudHttp> hosts(WebClient.Builder builder, CloudProperties properties,
			MeterRegistry meters) {
		ClientHttpConnector connector = ClientHttpConnectorBuilder.detect()
			.build(HttpClientSettings.defaults()
				.withTimeouts(properties.http().connectTimeout(), properties.http().readTimeout()));
		JsonMapper json = wireJson();
		return (name, base) -> new CloudHttp(base.getHost() + base.getPath(), name, meters,
				builder.clone().clientConnector(connector).baseUrl(base.toString().replaceAll("/+$", "")).build(), json,
				properties);
	}

	/**
	 * The APIs; every attempt is timed into {@code cloud.client.requests} (tags api, method, outcome) on the app's
	 * MeterRegistry, or on a private one when there is none (slice tests).
	 */
	@Bean
	CloudApis cloudApis(WebClient.Builder builder, CloudProperties properties, ObjectProvider<MeterRegistry> meters) {
		return apis(builder, properties, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	static CloudApis apis(WebClient.Builder builder, CloudProperties properties, MeterRegistry meters) {
		BiFunction<String, URI, CloudHttp> host = hosts(builder, properties, meters);
		CloudProperties.Endpoints endpoints = properties.endpoints();
		CloudHttp iam = host.apply("iam", endpoints.iam());
		return new CloudApis(new IamTokenApi(iam), new ServiceAccountApi(iam), new ApiKeyApi(iam),
				new ResourceManagerApi(host.apply("resource-manager", endpoints.resourceManager())),
				new BillingApi(host.apply("billing", endpoints.billing())),
				new OperationApi(host.apply("operation", endpoints.operation()), properties.operation()),
				new FoundationModelsApi(host.apply("llm", endpoints.llm())),
				new LockboxApi(host.apply("lockbox", endpoints.lockbox()),
						host.apply("lockbox-payload", endpoints.lockboxPayload())));
	}

	@Bean
	IamTokenApi iamTokenApi(CloudApis apis) {
		return apis.iamTokens();
	}

	@Bean
	ServiceAccountApi serviceAccountApi(CloudApis apis) {
		return apis.serviceAccounts();
	}

	@Bean
	ApiKeyApi apiKeyApi(CloudApis apis) {
		return apis.apiKeys();
	}

	@Bean
	ResourceManagerApi resourceManagerApi(CloudApis apis) {
		return apis.resourceManager();
	}

	@Bean
	BillingApi billingApi(CloudApis apis) {
		return apis.billing();
	}

	@Bean
	OperationApi operationApi(CloudApis apis) {
		return apis.operations();
	}

	@Bean
	FoundationModelsApi foundationModelsApi(CloudApis apis) {
		return apis.foundationModels();
	}

	@Bean
	LockboxApi lockboxApi(CloudApis apis) {
		return apis.lockbox();
	}

	/** Every API of the client, built together so hosts shared by several APIs share one WebClient. */
	record CloudApis(IamTokenApi iamTokens, ServiceAccountApi serviceAccounts, ApiKeyApi apiKeys,
			ResourceManagerApi resourceManager, BillingApi billing, OperationApi operations,
			FoundationModelsApi foundationModels, LockboxApi lockbox) {
	}

}
