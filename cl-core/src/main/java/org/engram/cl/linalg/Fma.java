package org.engram.cl.linalg;

import java.lang.management.ManagementFactory;

/**
 * Whether {@link Math#fma(float, float, float)} is a hardware instruction in this JVM.
 *
 * <p>Without hardware support it is a software routine some hundred times slower than a multiply
 * and an add, so the kernel asks HotSpot's {@code UseFMA} flag (through the diagnostic MXBean,
 * looked up reflectively so that a JVM without {@code jdk.management} still loads this class) and
 * assumes no FMA when it cannot tell. {@code -Dengram.kernel.fma=true|false} overrides.
 */
final class Fma {
  static final boolean AVAILABLE = detect();

  private Fma() {}

  private static boolean detect() {
    String forced = System.getProperty("engram.kernel.fma");
    if (forced != null && !forced.isBlank()) {
      return Boolean.parseBoolean(forced.trim());
    }
    try {
      Class<?> type = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
      Object bean = platformBean(type);
      Object option = type.getMethod("getVMOption", String.class).invoke(bean, "UseFMA");
      Object value = option.getClass().getMethod("getValue").invoke(option);
      return "true".equals(value);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false;
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object platformBean(Class<?> type) {
    return ManagementFactory.getPlatformMXBean((Class) type);
  }
}
