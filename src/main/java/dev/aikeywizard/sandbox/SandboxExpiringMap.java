package dev.aikeywizard.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A map for what the emulator hands out to anyone who asks (authorization codes, tokens, Idempotency-Key records),
 * so that no stream of anonymous requests makes it grow without end: it holds at most {@code maxSize} entries,
 * dropping the oldest first, and an entry past its expiry is never returned.
 * <p>
 * Entries are kept in insertion order. Every write first drops the expired entries at the old end, which is all of
 * them when every entry of a map lives equally long (as in each use here); an expired entry behind a live one goes
 * when it is looked up or when the bound pushes it out. Small on purpose: a {@link LinkedHashMap} under one lock,
 * which keeps "oldest dropped" exact (a cache library's size eviction is approximate and may drop new entries).
 * Thread-safe.
 *
 * @param <K> the key, e.g. a code or a token
 * @param <V> the record kept for it
 */
final class SandboxExpiringMap<K, V> {

	private final Map<K, V> entries = new LinkedHashMap<>();

	private final int maxSize;

	private final Clock clock;

	private final Function<V, Instant> expiresAt;

	SandboxExpiringMap(int maxSize, Clock clock, Function<V, Instant> expiresAt) {
		if (maxSize < 1) {
			throw new IllegalArgumentException("maxSize must be at least 1");
		}
		this.maxSize = maxSize;
		this.clock = clock;
		this.expiresAt = expiresAt;
	}

	synchronized void put(K key, V value) {
		dropExpired();
		this.entries.remove(key);
		this.entries.put(key, value);
		Iterator<K> oldest = this.entries.keySet().iterator();
		while (this.entries.size() > this.maxSize) {
			oldest.next();
			oldest.remove();
		}
	}

	/** The live value, or null if there is none or it has expired. */
	synchronized V get(K key) {
		V value = this.entries.get(key);
		if (value != null && expired(value)) {
			this.entries.remove(key);
			return null;
		}
		return value;
	}

	/** Removes the entry; returns its value if it was still live. */
	synchronized V remove(K key) {
		V value = this.entries.remove(key);
		return (value != null && !expired(value)) ? value : null;
	}

	synchronized boolean containsKey(K key) {
		return get(key) != null;
	}

	synchronized void removeIf(Predicate<V> filter) {
		this.entries.values().removeIf(filter);
	}

	synchronized int size() {
		dropExpired();
		return this.entries.size();
	}

	/** A copy of the keys of the live entries. */
	synchronized Set<K> keys() {
		dropExpired();
		return Set.copyOf(this.entries.keySet());
	}

	synchronized void clear() {
		this.entries.clear();
	}

	private void dropExpired() {
		Iterator<V> oldest = this.entries.values().iterator();
		while (oldest.hasNext() && expired(oldest.next())) {
			oldest.remove();
		}
	}

	private boolean expired(V value) {
		return !this.expiresAt.apply(value).isAfter(this.clock.instant());
	}

}
