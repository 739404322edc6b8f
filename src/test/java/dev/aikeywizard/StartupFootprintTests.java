package dev.aikeywizard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.web.PageableHandlerMethodArgumentResolver;
import org.springframework.data.web.SortHandlerMethodArgumentResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up (issue 9): auto-configurations that serve nothing in this app stay out, with and without the
 * {@code redis} profile (which replaces the exclusion list to let Redis in), while what they sit next to still
 * works: the audit's Spring Data JDBC access is there. {@code benchmark/StartupBenchmark} measures the effect.
 */
@SpringBootTest
class StartupFootprintTests {

	static final List<String> LEFT_OUT_FOR_START_UP = List.of(
			"org.springframework.boot.data.autoconfigure.web.DataWebAutoConfiguration",
			"org.springframework.boot.data.autoconfigure.metrics.DataRepositoryMetricsAutoConfiguration");

	@Autowired
	ApplicationContext context;

	@Test
	void springDataWebSupportAndRepositoryMetricsAreNotStarted() {
		assertThat(this.context.getBeanNamesForType(PageableHandlerMethodArgumentResolver.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(SortHandlerMethodArgumentResolver.class)).isEmpty();
		assertThat(this.context.containsBean("metricsRepositoryMethodInvocationListener")).isFalse();
		assertThat(this.context.getBeanNamesForType(org.springframework.data.jdbc.core.JdbcAggregateOperations.class))
			.isNotEmpty();
	}

	@Test
	void theRedisProfileKeepsThemOut() throws IOException {
		assertThat(excluded("application.yml")).containsAll(LEFT_OUT_FOR_START_UP);
		assertThat(excluded("application-redis.yml")).containsAll(LEFT_OUT_FOR_START_UP)
			.noneMatch((name) -> name.contains(".redis."));
	}

	/** The exclusion list of the first document of a packaged YAML file. */
	private static List<String> excluded(String file) throws IOException {
		PropertySource<?> first = new YamlPropertySourceLoader().load(file, new ClassPathResource(file)).get(0);
		List<String> names = new ArrayList<>();
		for (int index = 0; first.containsProperty("spring.autoconfigure.exclude[" + index + "]"); index++) {
			names.add(String.valueOf(first.getProperty("spring.autoconfigure.exclude[" + index + "]")));
		}
		return names;
	}

}
