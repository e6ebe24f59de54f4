package dev.smtpgrader.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Scaled scenario scores are rounded so that they add up to the total a gradebook shows beside them. */
class ApportionTest {
    private static long cents(double[] v) {
        long c = 0;
        for (double d : v) {
            c += Math.round(d * 100);
        }
        return c;
    }

    @Test
    void threeThirdsOfAHundredAddUpToAHundred() {
        double third = 100.0 / 3;
        double[] out = ReportBuilder.apportion(new double[] {third, third, third});
        // rounded one by one they would be 99.99
        assertArrayEquals(new double[] {33.34, 33.33, 33.33}, out);
        assertEquals(10000, cents(out));
    }

    @Test
    void theSpareCentsGoToTheLargestRemainders() {
        // 95.1549 in all: 9515 cents; rounded one by one 31.72 + 31.72 + 31.72 = 95.16
        double[] raw = {31.7183, 31.7183, 31.7183};
        double[] out = ReportBuilder.apportion(raw);
        assertEquals(Math.round((raw[0] + raw[1] + raw[2]) * 100), cents(out));
        assertArrayEquals(new double[] {31.72, 31.72, 31.71}, out);
        // exact values stay exact
        assertArrayEquals(new double[] {0.29, 12.5, 0}, ReportBuilder.apportion(new double[] {0.29, 12.5, 0}));
    }
}
