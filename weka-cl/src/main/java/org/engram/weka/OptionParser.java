package org.engram.weka;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Vector;
import weka.core.Option;
import weka.core.Utils;

/**
 * ContinualMLP's command line through Weka's own option machinery ({@link Option#setOptions},
 * {@link Option#getOptions}, {@link Option#listOptionsForClass} on the {@code @OptionMetadata}
 * properties), made strict: Weka's {@code Option.setOptions} prints a stack trace and skips the
 * rest when a value does not parse, so every value is first parsed and checked here, named by its
 * option, and rewritten in its canonical form, which Weka's parser then cannot fail on.
 *
 * <p>An option the configuration does not read ({@link Configuration#unused}: a hyperparameter of
 * another method, momentum with Adam, ...) is accepted and kept, and the build names it once in
 * Weka's log ("temperature = 4 is ignored"), whichever way it was set: the command line, a setter,
 * the GUI. {@code getOptions} lists it only when it differs from its default, and then must: Weka's
 * GUI copies a classifier through its option string when the dialog's OK is pressed, so a value
 * left out was lost without a word (temperature typed with EWC, then the method switched to LwF,
 * came back as the default). Refusing it on the command line instead would refuse that copy.
 */
public final class OptionParser {
  private OptionParser() {}

  /**
   * @param leaf the classifier's class
   * @return the options of the classes from {@code leaf} up to {@link ContinualMLPOptions}, with
   *     help generated from the core's descriptors, in the dialog's order
   */
  public static Vector<Option> list(Class<?> leaf) {
    Map<WekaOption, Option> byOption = new EnumMap<>(WekaOption.class);
    for (Option o : Option.listOptionsForClassHierarchy(leaf, ContinualMLPOptions.class)) {
      WekaOption w = forCli(o.name());
      byOption.put(w, new Option(indent(Help.of(w)), w.cli(), o.numArguments(), w.synopsis()));
    }
    return new Vector<>(byOption.values());
  }

  private static String indent(String help) {
    StringBuilder sb = new StringBuilder();
    for (String para : help.split("\n")) {
      StringBuilder line = new StringBuilder();
      for (String word : para.split(" ")) {
        if (line.length() + word.length() > 76 && line.length() > 0) {
          sb.append('\t').append(line.toString().stripTrailing()).append('\n');
          line.setLength(0);
          line.append("  ");
        }
        line.append(word).append(' ');
      }
      sb.append('\t').append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString().stripTrailing();
  }

  /**
   * Parses options into a fresh instance: checks and rewrites every value, lets Weka's {@code
   * Option.setOptions} set them and refuses what remains.
   *
   * @param options the options (consumed, as Weka's convention is)
   * @param fresh an instance at its defaults
   * @throws Exception naming every invalid option
   */
  static void set(String[] options, ContinualMLPOptions fresh) throws Exception {
    List<String> errors = new ArrayList<>();
    for (WekaOption o : WekaOption.values()) {
      if (o.kind() == WekaOption.Kind.FLAG) {
        continue;
      }
      int at = position(options, o.cli());
      if (at < 0) {
        continue;
      }
      if (at + 1 >= options.length) {
        errors.add("option -" + o.cli() + " needs a value");
        continue;
      }
      try {
        // the canonical text, which Weka's own parser reads without fail (e.g. 1e6 -> 1000000)
        options[at + 1] = o.format(o.parse(options[at + 1]));
        if (options[at + 1].isEmpty()) {
          options[at] = "";
        }
      } catch (IllegalArgumentException e) {
        errors.add("option -" + o.cli() + ": " + e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      throw new Exception(String.join("\n", errors));
    }
    Option.setOptions(options, fresh, fresh.getClass());
    Utils.checkForRemainingOptions(options);
  }

  private static int position(String[] options, String cli) {
    for (int i = 0; i < options.length; i++) {
      if (options[i].equals("-" + cli)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * @param target the classifier
   * @return Weka's {@code Option.getOptions}, in the dialog's order, without the options the
   *     configuration does not read that have their default value
   */
  static String[] get(ContinualMLPOptions target) {
    String[] raw = Option.getOptions(target, target.getClass());
    Map<WekaOption, List<String>> byOption = new EnumMap<>(WekaOption.class);
    for (int i = 0; i < raw.length; i++) {
      WekaOption o = forCli(raw[i].substring(1));
      List<String> tokens = new ArrayList<>(List.of(raw[i]));
      if (o.kind() != WekaOption.Kind.FLAG) {
        tokens.add(raw[++i]);
      }
      byOption.put(o, tokens);
    }
    Map<WekaOption, Object> values = target.values();
    Map<WekaOption, String> unused = Configuration.unused(values);
    Map<WekaOption, String> ignored = Configuration.ignored(values);
    List<String> out = new ArrayList<>();
    byOption.forEach(
        (o, tokens) -> {
          if (!unused.containsKey(o) || ignored.containsKey(o)) {
            out.addAll(tokens);
          }
        });
    return out.toArray(new String[0]);
  }

  private static WekaOption forCli(String cli) {
    for (WekaOption o : WekaOption.values()) {
      if (o.cli().equals(cli)) {
        return o;
      }
    }
    throw new IllegalStateException("no option -" + cli);
  }
}
