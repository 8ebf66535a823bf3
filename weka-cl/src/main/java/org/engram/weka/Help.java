package org.engram.weka;

import java.util.ArrayList;
import java.util.List;
import org.engram.cl.method.Hyperparameter;
import org.engram.cl.method.Method;

/**
 * The help of ContinualMLP's options (command-line {@code -h}, the GUI's "More" window), generated
 * from the core's descriptors: each option's description, its range, the methods that read it and
 * its default; for the method, each method's summary, paper and term.
 */
public final class Help {
  private Help() {}

  /**
   * @param o an option
   * @return its full help: description, range, which methods read it, default
   */
  public static String of(WekaOption o) {
    StringBuilder sb = new StringBuilder(capitalised(o.tip()));
    Hyperparameter<?> p = o.hyperparameter();
    if (p != null) {
      List<String> readers = new ArrayList<>();
      for (Method m : Method.values()) {
        if (m.uses(p)) {
          readers.add(m.label());
        }
      }
      sb.append(". Range ")
          .append(p.range())
          .append("; read by ")
          .append(String.join(", ", readers));
      if (o == WekaOption.WARMUP_EPOCHS) {
        sb.append(" with perTaskHeads");
      }
    }
    if (o.kind() == WekaOption.Kind.CHOICE && o != WekaOption.METHOD) {
      sb.append(" (").append(String.join(", ", o.tokens())).append(')');
    }
    sb.append(". Default: ").append(defaultText(o)).append('.');
    if (o == WekaOption.METHOD) {
      for (Method m : Method.values()) {
        sb.append("\n  ").append(m.label()).append(": ").append(m.summary());
        if (!m.paper().isEmpty()) {
          sb.append(". ").append(m.paper());
        }
        if (m.hasLambda()) {
          sb.append(". Term: ").append(m.penalty());
        }
        sb.append('.');
      }
    }
    return sb.toString();
  }

  private static String defaultText(WekaOption o) {
    Object d = o.defaultValue();
    if (o == WekaOption.METHOD) {
      // the core's learner defaults to fine-tuning; a classifier whose purpose is protection
      // starts from the first method of the papers
      return o.format(d) + " (Weka's default: the core's learner starts from NONE)";
    }
    if (o == WekaOption.LAMBDA) {
      return "automatic (written auto; a value given turns the search off)";
    }
    if (o == WekaOption.TASK_ATTRIBUTE) {
      return "none";
    }
    if (o.kind() == WekaOption.Kind.FLAG) {
      return Boolean.TRUE.equals(d) ? "on" : "off";
    }
    return o.format(d);
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /**
   * @return the options' help in the dialog's order, as the GUI's "More" window shows it
   */
  public static String moreText() {
    StringBuilder sb = new StringBuilder("OPTIONS (in the order of the dialog)\n\n");
    for (WekaOption o : WekaOption.values()) {
      sb.append(o.property()).append(" (").append(o.synopsis()).append(") -- ");
      sb.append(of(o)).append("\n\n");
    }
    return sb.toString();
  }
}
