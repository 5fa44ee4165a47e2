package sc.fiji.deepmac.live;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.deepmac.model.PlaneFeatures;

/**
 * Image features of planes, least recently used first out once they hold more than a budget of bytes. The newest
 * entry always stays, so a plane whose features alone exceed the budget is still served. Evicted features are closed.
 */
public final class FeatureCache implements AutoCloseable {

	/** System property with the budget of {@link #shared()} in MiB. */
	public static final String BUDGET_PROPERTY = "deepmac.live.cacheMiB";
	public static final long DEFAULT_BUDGET_MIB = 512;

	private static FeatureCache shared;

	private final long budget;
	private final Map<Object, PlaneFeatures> entries = new LinkedHashMap<>(16, 0.75f, true);
	private long bytes;

	/** @param budget bytes the cached features may hold together */
	public FeatureCache(long budget) {
		if (budget <= 0) throw new IllegalArgumentException("The feature cache budget must be positive, got " + budget);
		this.budget = budget;
	}

	/** The process-wide cache: {@value #DEFAULT_BUDGET_MIB} MiB, or the {@value #BUDGET_PROPERTY} property's. */
	public static synchronized FeatureCache shared() {
		if (shared == null) shared = new FeatureCache(Long.getLong(BUDGET_PROPERTY, DEFAULT_BUDGET_MIB) << 20);
		return shared;
	}

	/** The features under {@code key}, now the most recently used, or null. */
	public synchronized PlaneFeatures get(Object key) {
		return entries.get(key);
	}

	/** Keeps {@code features} under {@code key} and closes the least recently used ones past the budget. */
	public synchronized void put(Object key, PlaneFeatures features) {
		PlaneFeatures old = entries.put(key, features);
		if (old != null) remove(old);
		bytes += features.bytes();
		Iterator<PlaneFeatures> oldest = entries.values().iterator();
		while (bytes > budget && entries.size() > 1) {
			PlaneFeatures evicted = oldest.next();
			oldest.remove();
			remove(evicted);
		}
	}

	/** Closes and forgets every entry whose key {@code owner} says is its. */
	public synchronized void removeIf(java.util.function.Predicate<Object> owner) {
		List<Object> keys = new ArrayList<>();
		for (Object key : entries.keySet())
			if (owner.test(key)) keys.add(key);
		for (Object key : keys) remove(entries.remove(key));
	}

	private void remove(PlaneFeatures features) {
		bytes -= features.bytes();
		features.close();
	}

	/** Bytes held now. */
	public synchronized long bytes() {
		return bytes;
	}

	public synchronized int size() {
		return entries.size();
	}

	public long budget() {
		return budget;
	}

	@Override
	public synchronized void close() {
		removeIf(key -> true);
	}
}
