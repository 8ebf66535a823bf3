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
      assertTrue(y == 0f || Math.abs(y) >= Float.MIN_NORMAL, x + " -> " + y);
      assertTrue(Math.abs(y - x) <= Math.max(Float.MIN_NORMAL, Math.ulp(x)), x + " -> " + y);
    }
    assertEquals(0f, Denormals.flush(Float.MIN_VALUE));
    assertEquals(0f, Denormals.flush(-Float.MIN_NORMAL / 4));
  }

  @Test
  void valuesThatCanMatterComeBackUnchanged() {
    Random r = new Random(2);
    for (int i = 0; i < 100_000; i++) {
      float x = (float) (r.nextGaussian() * Math.pow(10, -r.nextInt(21)));
      if (Math.abs(x) >= 1e-22f) {
        assertEquals(x, Denormals.flush(x), "changed " + x);
      }
    }
    for (int i = 0; i < 100_000; i++) {
      float x = (float) (r.nextGaussian() * Math.pow(10, -22 - r.nextInt(16)));
      // within an ulp, or, below about 1e-31, within the spacing 2^-125 it rounds to
      assertEquals(x, Denormals.flush(x), Math.max(Math.ulp(x), 0x1p-125f), "too far for " + x);
    }
  }
}
