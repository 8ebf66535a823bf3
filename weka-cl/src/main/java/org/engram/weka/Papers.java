package org.engram.weka;

import org.engram.cl.method.Method;
import weka.core.TechnicalInformation;
import weka.core.TechnicalInformation.Field;
import weka.core.TechnicalInformation.Type;

/** The methods' papers as Weka's technical information, taken from the core's descriptors. */
public final class Papers {
  private Papers() {}

  /**
   * @return one entry per method that has a paper ({@link Method#paper()}), in the methods' order
   */
  public static TechnicalInformation all() {
    TechnicalInformation first = null;
    for (Method m : Method.values()) {
      if (m.paper().isEmpty()) {
        continue;
      }
      TechnicalInformation t =
          first == null ? new TechnicalInformation(Type.MISC) : first.add(Type.MISC);
      t.setValue(Field.TITLE, m.paper() + " [" + m.label() + "]");
      if (first == null) {
        first = t;
      }
    }
    return first;
  }
}
