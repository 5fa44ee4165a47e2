package sc.fiji.deepmac.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.deepmac.model.BoxMasks;
import sc.fiji.deepmac.model.PlaneFeatures;

class FeatureCacheTest {

	static final class Fake implements PlaneFeatures {
		final long bytes;
		boolean closed;

		Fake(long bytes) {
			this.bytes = bytes;
		}

		@Override
		public BoxMasks masks(float[] boxes) {
			throw new UnsupportedOperationException();
		}

		@Override
		public long bytes() {
			return bytes;
		}

		@Override
		public void close() {
			closed = true;
		}
	}

	@Test
	void leastRecentlyUsedFeaturesLeaveFirstAndAreClosed() {
		FeatureCache cache = new FeatureCache(250);
		Fake a = new Fake(100), b = new Fake(100), c = new Fake(100);
		cache.put("a", a);
		cache.put("b", b);
		assertSame(a, cache.get("a")); // a is now the most recently used
		cache.put("c", c);
		assertNull(cache.get("b"));
		assertTrue(b.closed);
		assertFalse(a.closed || c.closed);
		assertEquals(200, cache.bytes());
	}

	@Test
	void theNewestEntryStaysEvenPastTheBudget() {
		FeatureCache cache = new FeatureCache(50);
		Fake a = new Fake(10), big = new Fake(100);
		cache.put("a", a);
		cache.put("big", big);
		assertTrue(a.closed);
		assertSame(big, cache.get("big"));
		assertEquals(100, cache.bytes());
	}

	@Test
	void removingAnOwnersEntriesAndClosingCloseThem() {
		FeatureCache cache = new FeatureCache(1000);
		Fake a1 = new Fake(1), a2 = new Fake(1), b = new Fake(1);
		cache.put("a1", a1);
		cache.put("a2", a2);
		cache.put("b", b);
		cache.removeIf(k -> ((String) k).startsWith("a"));
		assertTrue(a1.closed && a2.closed);
		assertEquals(1, cache.size());
		cache.put("b", new Fake(5));
		assertTrue(b.closed, "replaced features are closed");
		assertEquals(5, cache.bytes());
		cache.close();
		assertEquals(0, cache.size());
	}
}
