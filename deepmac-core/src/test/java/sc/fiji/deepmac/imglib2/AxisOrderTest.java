package sc.fiji.deepmac.imglib2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import sc.fiji.deepmac.UserError;

class AxisOrderTest {

	@Test
	void parsesLettersInAnyCaseAfterXY() {
		assertEquals("XY", AxisOrder.parse("xy").letters());
		assertEquals("XYCZT", AxisOrder.parse(" XYczt ").letters());
		AxisOrder tz = AxisOrder.parse("XYTZ");
		assertEquals(3, tz.dimension('Z'));
		assertEquals(2, tz.dimension('T'));
		assertEquals(-1, tz.dimension('C'));
		assertFalse(tz.has('C'));
		assertEquals("XYZ", AxisOrder.parse("XYCZ").without('C').letters());
		assertEquals("XYZT", AxisOrder.of(1, 4, 2).letters());
		assertEquals("XYC", AxisOrder.of(3, 1, 1).letters());
		assertEquals("XY", AxisOrder.of(1, 1, 1).letters());
	}

	@Test
	void badAxesSayWhatToWriteInOneLine() {
		assertBad("", "No axes given");
		assertBad(null, "No axes given");
		assertBad("XYQ", "Axes 'XYQ' has 'Q': use the letters X, Y, C (channel), Z and T (time)");
		assertBad("XYZZ", "Axes 'XYZZ' names Z twice");
		assertBad("ZXY", "Axes 'ZXY' must start with XY");
		UserError misfit = assertThrows(UserError.class, () -> AxisOrder.parse("XYZ").checkFits(4));
		assertEquals("Axes 'XYZ' name 3 dimensions, but the image has 4: give one letter per dimension, "
			+ "axes=XY, XYZ, XYT, XYC or XYCZT", misfit.getMessage());
	}

	private static void assertBad(String text, String start) {
		UserError e = assertThrows(UserError.class, () -> AxisOrder.parse(text));
		assertEquals(UserError.Kind.INPUT, e.kind());
		assertTrue(e.getMessage().startsWith(start), e.getMessage());
		assertTrue(e.getMessage().contains("axes=XY, XYZ, XYT"), e.getMessage());
		assertFalse(e.getMessage().contains("\n"));
	}
}
