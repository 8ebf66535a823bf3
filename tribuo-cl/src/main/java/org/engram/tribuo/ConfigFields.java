package org.engram.tribuo;

import com.oracle.labs.mlrg.olcut.config.Config;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.engram.cl.method.Hyperparameter;

/**
 * Reads and writes a trainer's {@code @Config} fields by reflection, as OLCUT does: the one
 * mechanism behind {@link ContinualTrainer#configure} (a change that fails validation puts every
 * field back) and behind the binding of the core's hyperparameters to the fields named after them.
 */
final class ConfigFields {
  private ConfigFields() {}

  /**
   * @param p a hyperparameter of the core
   * @return {@link ContinualTrainer}'s {@code @Config} field named after it
   * @throws IllegalStateException if the trainer lacks it (a test checks every one)
   */
  static Field of(Hyperparameter<?> p) {
    return named(p.name());
  }

  /**
   * @param name a field name
   * @return {@link ContinualTrainer}'s {@code @Config} field of that name
   * @throws IllegalStateException if there is none
   */
  static Field named(String name) {
    try {
      Field f = ContinualTrainer.class.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("ContinualTrainer has no field " + name, e);
    }
  }

  /**
   * @param host a configurable object
   * @return every {@code @Config} field of its class and superclasses with its value
   */
  static Map<Field, Object> snapshot(Object host) {
    Map<Field, Object> values = new LinkedHashMap<>();
    for (Field f : all(host.getClass())) {
      values.put(f, get(host, f));
    }
    return values;
  }

  /**
   * @param host the object a snapshot was taken of
   * @param snapshot the values to put back
   */
  static void restore(Object host, Map<Field, Object> snapshot) {
    snapshot.forEach((f, v) -> set(host, f, v));
  }

  private static List<Field> all(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (f.isAnnotationPresent(Config.class)) {
          f.setAccessible(true);
          fields.add(f);
        }
      }
    }
    return fields;
  }

  static Object get(Object host, Field f) {
    try {
      return f.get(host);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  static void set(Object host, Field f, Object value) {
    try {
      f.set(host, value);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
