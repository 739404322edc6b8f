package dev.aikeywizard.web;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.session.MapSession;
import org.springframework.session.SessionRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A request that ends after a sign-in on another instance renamed its session in Redis: Spring Session's save says
 * "Session was invalidated", which was a 500 (or a page cut off mid-stream); it is now dropped. Any other failure of
 * the store still fails the request.
 */
class RenamedSessionToleranceTests {

	@Test
	void aSaveOfASessionRenamedMeanwhileIsDropped() {
		AtomicInteger saves = new AtomicInteger();
		var tolerant = new RenamedSessionTolerance.Tolerant<>(failingWith("Session was invalidated", saves));
		tolerant.save(new MapSession("old-id"));
		assertThat(saves).hasValue(1);
	}

	@Test
	void aPartialSessionLeftByARenameIsNoSessionAndIsRemoved() {
		AtomicInteger deletes = new AtomicInteger();
		var tolerant = new RenamedSessionTolerance.Tolerant<MapSession>(new SessionRepository<>() {

			@Override
			public MapSession createSession() {
				return new MapSession();
			}

			@Override
			public void save(MapSession session) {
			}

			@Override
			public MapSession findById(String id) {
				throw new IllegalStateException("creationTime key must not be null");
			}

			@Override
			public void deleteById(String id) {
				deletes.incrementAndGet();
			}

		});
		assertThat(tolerant.findById("old-id")).isNull();
		assertThat(deletes).hasValue(1);
	}

	@Test
	void anyOtherFailureOfTheStoreStillFails() {
		var tolerant = new RenamedSessionTolerance.Tolerant<>(failingWith("Redis is down", new AtomicInteger()));
		assertThatThrownBy(() -> tolerant.save(new MapSession("id"))).hasMessage("Redis is down");
	}

	@Test
	void onlyTheRedisRepositoryIsWrapped() {
		Object other = new Object();
		assertThat(new RenamedSessionTolerance().postProcessAfterInitialization(other, "x")).isSameAs(other);
	}

	private static SessionRepository<MapSession> failingWith(String message, AtomicInteger saves) {
		return new SessionRepository<>() {

			@Override
			public MapSession createSession() {
				return new MapSession();
			}

			@Override
			public void save(MapSession session) {
				saves.incrementAndGet();
				throw new IllegalStateException(message);
			}

			@Override
			public MapSession findById(String id) {
				return null;
			}

			@Override
			public void deleteById(String id) {
			}

		};
	}

}
