package dev.aikeywizard.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * With sessions in Redis, a sign-in on one instance gives the session a new id (session fixation protection) while
 * another request of the same browser may still be running elsewhere with the old id; when that request ends,
 * Spring Session's {@code RedisSessionRepository.save} finds the old key gone and throws "Session was invalidated",
 * which turned the request into a 500 or cut its page off mid-stream. When the rename lands between the save's
 * check and its write, the write leaves a partial hash under the old key, and every later read of it threw
 * "creationTime key must not be null". This wraps the repository so that such a save is dropped and such a remnant
 * is read as no session (and removed): what that request put in the session is Spring Security's own state, already
 * replaced by the sign-in, and the wizard run lives under its own key ({@code RunStore}), untouched by the rename.
 */
final class RenamedSessionTolerance implements BeanPostProcessor {

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof org.springframework.session.data.redis.RedisSessionRepository repository) {
			return new Tolerant(repository);
		}
		return bean;
	}

	static final class Tolerant<S extends Session> implements SessionRepository<S> {

		private static final Logger log = LoggerFactory.getLogger(RenamedSessionTolerance.class);

		private final SessionRepository<S> delegate;

		Tolerant(SessionRepository<S> delegate) {
			this.delegate = delegate;
		}

		@Override
		public S createSession() {
			return this.delegate.createSession();
		}

		@Override
		public void save(S session) {
			try {
				this.delegate.save(session);
			}
			catch (IllegalStateException ex) {
				if (!"Session was invalidated".equals(ex.getMessage())) {
					throw ex;
				}
				log.debug("a request's session ended or was renamed by a sign-in meanwhile; its changes are dropped");
			}
		}

		@Override
		public S findById(String id) {
			try {
				return this.delegate.findById(id);
			}
			catch (IllegalStateException ex) {
				if (ex.getMessage() == null || !ex.getMessage().endsWith("key must not be null")) {
					throw ex;
				}
				log.debug("a partial session left behind by a rename is no session");
				this.delegate.deleteById(id);
				return null;
			}
		}

		@Override
		public void deleteById(String id) {
			this.delegate.deleteById(id);
		}

	}

}
