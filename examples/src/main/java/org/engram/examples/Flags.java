package org.engram.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A small GNU-style flag parser: {@code --name value}, {@code --name=value} and bare boolean
 * switches. Every problem becomes a {@link UsageException} that names the flag, so the command line
 * can answer with one line instead of a stack trace.
 */
public final class Flags {
  private final Map<String, String> values = new LinkedHashMap<>();

  private Flags() {}

  /**
   * Parses arguments against the known flags.
   *
   * @param args the arguments after the subcommand
   * @param withValue flags that take a value (names without the leading dashes)
   * @param switches flags that take no value
   * @return the parsed flags
   * @throws UsageException for an unknown flag, a missing value, a repeated flag or a stray word
   */
  public static Flags parse(String[] args, Set<String> withValue, Set<String> switches) {
    Flags f = new Flags();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || a.length() == 2) {
        throw new UsageException("unexpected argument '" + a + "' (flags start with --)");
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (switches.contains(name)) {
        if (value != null) {
          throw new UsageException("--" + name + " takes no value");
        }
        value = "true";
      } else if (withValue.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new UsageException("--" + name + " needs a value");
          }
          value = args[++i];
        }
      } else {
        throw new UsageException("unknown flag --" + name);
      }
      if (f.values.put(name, value) != null) {
        throw new UsageException("--" + name + " given twice");
      }
    }
    return f;
  }

  /**
   * @param name flag name
   * @return whether it was given
   */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /**
   * @param name flag name
   * @param fallback value when absent
   * @return the value
   */
  public String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /**
   * @param name flag name
   * @param fallback value when absent
   * @param min smallest allowed value
   * @return the value
   */
  public int integer(String name, int fallback, int min) {
    if (!has(name)) {
      return fallback;
    }
    int v;
    try {
      v = Integer.parseInt(values.get(name).trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " needs an integer, got '" + values.get(name) + "'");
    }
    if (v < min) {
      throw new UsageException("--" + name + " must be at least " + min + ", got " + v);
    }
    return v;
  }

  /**
   * @param name flag name
   * @param fallback value when absent
   * @return the value (finite)
   */
  public double number(String name, double fallback) {
    if (!has(name)) {
      return fallback;
    }
    try {
      double v = Double.parseDouble(values.get(name).trim());
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " needs a number, got '" + values.get(name) + "'");
    }
  }

  /**
   * @param name flag name
   * @param fallback value when absent
   * @param allowed the accepted words (lower case)
   * @return the value, lower-cased
   */
  public String choice(String name, String fallback, String... allowed) {
    if (!has(name)) {
      return fallback;
    }
    String v = values.get(name).trim().toLowerCase(Locale.ROOT);
    if (!Arrays.asList(allowed).contains(v)) {
      throw new UsageException(
          "--"
              + name
              + " must be one of "
              + String.join("|", allowed)
              + ", got '"
              + values.get(name)
              + "'");
    }
    return v;
  }

  /**
   * @param name flag name
   * @param fallback value when absent
   * @return comma-separated positive integers, e.g. "400,400"
   */
  public int[] integers(String name, int[] fallback) {
    if (!has(name)) {
      return fallback.clone();
    }
    String raw = values.get(name).trim();
    List<Integer> out = new ArrayList<>();
    try {
      for (String s : raw.split(",")) {
        int v = Integer.parseInt(s.trim());
        if (v <= 0) {
          throw new NumberFormatException();
        }
        out.add(v);
      }
    } catch (NumberFormatException e) {
      throw new UsageException(
          "--"
              + name
              + " needs comma-separated positive integers (e.g. 400,400), got '"
              + raw
              + "'");
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }
}
