package org.engram.cl.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DenormalsTest {

  @Test
  void subnormalsAreFlushedAndNoResultIsSubnormal() {
    Random r = new Random(1);
    for (int i = 0; i < 100_000; i++) {
      // every exponent, subnormals included, both signs
      float x = Float.intBitsToFloat(r.nextInt() & 0x0fffffff | (r.nextBoolean() ? 0x80000000 : 0));
      float y = Denormals.flush(x);
      // zero, or far enough from the subnormal range that a decay by 0.9 does not reach it
      assertTrue(y == 0f || Math.abs(0.9f * y) >= Float.MIN_NORMAL, x + " -> " + y);
      assertTrue(Math.abs(y - x) <= Math.max(0x1p-103f, Math.ulp(x)), x + " -> " + y);
    }
    assertEquals(0f, Denormals.flush(Float.MIN_VALUE));
    assertEquals(0f, Denormals.flush(-Float.MIN_NORMAL / 4));
  }

  @Test
  void valuesThatCanMatterComeBackUnchanged() {
    Random r = new Random(2);
    for (int i = 0; i < 100_000; i++) {
      float x = (float) (r.nextGaussian() * Math.pow(10, -r.nextInt(16)));
      if (Math.abs(x) >= 1e-16f) {
        assertEquals(x, Denormals.flush(x), "changed " + x);
      }
    }
    for (int i = 0; i < 100_000; i++) {
      float x = (float) (r.nextGaussian() * Math.pow(10, -16 - r.nextInt(22)));
      // within an ulp, or, below about 4e-25, within the spacing 2^-103 it rounds to
      assertEquals(x, Denormals.flush(x), Math.max(Math.ulp(x), 0x1p-103f), "too far for " + x);
    }
  }
}
