package sc.fiji.deepmac.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PercentileNormalizationTest {

	@Test
	void defaultsToOneAndNinetyNinePointEight() {
		assertEquals(1, PercentileNormalization.DEFAULT.low());
		assertEquals(99.8, PercentileNormalization.DEFAULT.high());
	}

	@Test
	void acceptsTheWholeRange() {
		PercentileNormalization minToMax = new PercentileNormalization(0, 100);
		assertEquals(0, minToMax.low());
		assertEquals(100, minToMax.high());
	}

	@Test
	void refusesPercentilesOutOfOrderOrRange() {
		double[][] bad = { { -1, 50 }, { 10, 101 }, { 50, 50 }, { 60, 40 }, { Double.NaN, 50 }, { 1, Double.NaN } };
		for (double[] lowHigh : bad) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> new PercentileNormalization(lowHigh[0], lowHigh[1]));
			assertTrue(e.getMessage().contains("0 <= low < high <= 100"), e.getMessage());
		}
	}
}
