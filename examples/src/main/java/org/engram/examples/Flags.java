package org.engram.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small GNU-style flag parser over a command's declared flags: {@code --name value}, {@code
 * --name=value} and bare switches. The same declarations render the command's {@code --help}, so
 * the help lists exactly the flags the parser accepts. Every problem becomes a {@link
 * UsageException} that names the flag, so the command line answers with one line instead of a stack
 * trace.
 */
public final class Flags {
  private static final int HELP_COLUMN = 26;
  private static final int WIDTH = 100;

  /**
   * One flag a command accepts.
   *
   * @param name the name without the leading dashes
   * @param metavar the value's placeholder in the help, or null for a switch (takes no value)
   * @param help what it does (paragraphs separated by '\n', each wrapped when rendered)
   */
  public record Flag(String name, String metavar, String help) {
    /**
     * @return whether the flag takes no value
     */
    public boolean isSwitch() {
      return metavar == null;
    }
  }

  /**
   * A titled group of flags in the help.
   *
   * @param title the heading
   * @param flags the flags, in help order
   */
  public record Section(String title, List<Flag> flags) {
    /** Copies the list. */
    public Section {
      flags = List.copyOf(flags);
    }
  }

  private final Map<String, String> values = new LinkedHashMap<>();

  private Flags() {}

  /**
   * Parses arguments against the declared flags.
   *
   * @param args the arguments after the subcommand
   * @param sections the declared flags
   * @return the parsed flags
   * @throws UsageException for an unknown flag, a missing value, a repeated flag or a stray word
   */
  public static Flags parse(String[] args, List<Section> sections) {
    Map<String, Flag> known = new LinkedHashMap<>();
    for (Section s : sections) {
      for (Flag f : s.flags()) {
        known.put(f.name(), f);
      }
    }
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
      Flag flag = known.get(name);
      if (flag == null) {
        throw new UsageException("unknown flag --" + name);
      }
      if (flag.isSwitch()) {
        if (value != null) {
          throw new UsageException("--" + name + " takes no value");
        }
        value = "true";
      } else if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException("--" + name + " needs a value");
        }
        value = args[++i];
      }
      if (f.values.put(name, value) != null) {
        throw new UsageException("--" + name + " given twice");
      }
    }
    return f;
  }

  /**
   * Renders the flags as help text: one entry per flag, the description wrapped beside it.
   *
   * @param sections the declared flags
   * @return the text
   */
  public static String help(List<Section> sections) {
    StringBuilder sb = new StringBuilder();
    for (Section s : sections) {
      sb.append('\n').append(s.title()).append('\n');
      for (Flag f : s.flags()) {
        String head = "  --" + f.name() + (f.isSwitch() ? "" : " " + f.metavar());
        List<String> lines = new ArrayList<>();
        for (String paragraph : f.help().split("\n")) {
          lines.addAll(wrap(paragraph, WIDTH - HELP_COLUMN));
        }
        if (head.length() + 1 >= HELP_COLUMN) {
          sb.append(head).append('\n');
        } else {
          sb.append(String.format(Locale.ROOT, "%-" + HELP_COLUMN + "s", head + " "))
              .append(lines.remove(0))
              .append('\n');
        }
        for (String l : lines) {
          sb.append(" ".repeat(HELP_COLUMN)).append(l).append('\n');
        }
      }
    }
    return sb.toString();
  }

  /**
   * Wraps text at word boundaries.
   *
   * @param text the text
   * @param width the widest line
   * @return the lines (at least one)
   */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split("\\s+")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() == 0 ? "" : " ").append(word);
    }
    lines.add(line.toString());
    return lines;
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
   * @param max largest allowed value
   * @return the value
   */
  public int integer(String name, int fallback, int min, int max) {
    return has(name) ? integer(name, values.get(name), min, max) : fallback;
  }

  /**
   * Parses an integer value, naming the flag on failure.
   *
   * @param name flag name
   * @param text the value
   * @param min smallest allowed value
   * @param max largest allowed value
   * @return the value
   */
  static int integer(String name, String text, int min, int max) {
    long v;
    try {
      v = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " needs an integer, got '" + text + "'");
    }
    if (v < min || v > max) {
      throw new UsageException(
          "--" + name + " must be in [" + min + ", " + max + "], got " + text.trim());
    }
    return (int) v;
  }

  /**
   * Parses a long integer, naming the flag on failure.
   *
   * @param name flag name
   * @param text the value
   * @return the value
   */
  static long longValue(String name, String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " needs an integer, got '" + text + "'");
    }
  }

  /**
   * Parses a finite number, naming the flag on failure.
   *
   * @param name flag name
   * @param text the value
   * @return the value
   */
  static double number(String name, String text) {
    try {
      double v = Double.parseDouble(text.trim());
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " needs a finite number, got '" + text + "'");
    }
  }

  /**
   * @param name flag name
   * @param fallback value when absent
   * @param allowed the accepted words (lower case)
   * @return the value, lower-cased
   */
  public String choice(String name, String fallback, String... allowed) {
    return has(name) ? choice(name, values.get(name), List.of(allowed)) : fallback;
  }

  /**
   * Checks a value against a list of words, naming the flag on failure.
   *
   * @param name flag name
   * @param text the value
   * @param allowed the accepted words (lower case)
   * @return the value, lower-cased
   */
  static String choice(String name, String text, List<String> allowed) {
    String v = text.trim().toLowerCase(Locale.ROOT);
    if (!allowed.contains(v)) {
      throw new UsageException(
          "--" + name + " must be one of " + String.join("|", allowed) + ", got '" + text + "'");
    }
    return v;
  }

  /**
   * Parses comma-separated positive integers (e.g. "400,400"), naming the flag on failure.
   *
   * @param name flag name
   * @param text the value
   * @return the integers
   */
  static int[] integers(String name, String text) {
    String raw = text.trim();
    try {
      int[] out =
          Arrays.stream(raw.split(",", -1)).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
      if (Arrays.stream(out).anyMatch(v -> v <= 0)) {
        throw new NumberFormatException();
      }
      return out;
    } catch (NumberFormatException e) {
      throw new UsageException(
          "--"
              + name
              + " needs comma-separated positive integers (e.g. 400,400), got '"
              + raw
              + "'");
    }
  }
}
