package org.engram.weka;

import java.awt.Component;
import java.awt.event.FocusAdapter;
import java.awt.event.FocusEvent;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.beans.PropertyEditorSupport;
import java.util.EnumMap;
import java.util.Map;
import javax.swing.JOptionPane;
import javax.swing.JTextField;

/**
 * The GUI field of a typed option (a number, λ, the hidden layers). Weka's own text field sets the
 * property at every key release and again when the field loses focus, so a value the setter refuses
 * pops its error once per keystroke and once more when the error dialog takes the focus. This field
 * commits when Enter is pressed or the focus leaves it, checks the text with the option's own
 * parser first, and reports a refused value once, by the field's name, before putting back the
 * value in force; the property's setter only ever sees valid values.
 *
 * <p>Weka creates a property editor from its class, so each option has its own small subclass,
 * listed in {@link #EDITORS} and assigned by the classifier's bean information ({@link #describe}).
 */
public abstract class OptionFieldEditor extends PropertyEditorSupport {
  private final WekaOption option;
  private JTextField field;

  /**
   * @param option the option edited
   */
  protected OptionFieldEditor(WekaOption option) {
    this.option = option;
  }

  /**
   * @return the option edited
   */
  public WekaOption option() {
    return option;
  }

  @Override
  public void setValue(Object value) {
    super.setValue(value);
    if (field != null) {
      field.setText(getAsText());
    }
  }

  @Override
  public String getAsText() {
    Object v = getValue();
    return v instanceof Double ? option.format(v) : String.valueOf(v);
  }

  /**
   * Sets the value from text, as the field commits it.
   *
   * @param text the text
   * @throws IllegalArgumentException naming the field, if the option refuses the text
   */
  @Override
  public void setAsText(String text) {
    Object parsed = option.parse(text);
    setValue(
        switch (option.kind()) {
          case INT, REAL -> parsed;
          default -> option.format(parsed);
        });
  }

  @Override
  public boolean supportsCustomEditor() {
    return true;
  }

  @Override
  public Component getCustomEditor() {
    if (field == null) {
      field = new JTextField(getAsText());
      field.addActionListener(e -> commit());
      field.addFocusListener(
          new FocusAdapter() {
            @Override
            public void focusLost(FocusEvent e) {
              commit();
            }
          });
    }
    return field;
  }

  /** Commits the field's text, or reports why it is refused and shows the value in force. */
  private void commit() {
    String text = field.getText();
    if (text.equals(getAsText())) {
      return;
    }
    try {
      setAsText(text);
    } catch (IllegalArgumentException e) {
      // Put the value in force back first: the dialog takes the focus, and the focus leaving
      // the field commits it again, which must not report a second time.
      field.setText(getAsText());
      JOptionPane.showMessageDialog(
          field, e.getMessage(), "ContinualMLP: " + option.property(), JOptionPane.WARNING_MESSAGE);
    }
  }

  /**
   * Every property of a class, inherited ones included, as reflection finds them, each typed option
   * with its field editor. Used by ContinualMLP's bean information.
   *
   * @param beanClass the class
   * @return its properties
   */
  public static PropertyDescriptor[] describe(Class<?> beanClass) {
    try {
      PropertyDescriptor[] all =
          Introspector.getBeanInfo(beanClass, Introspector.IGNORE_IMMEDIATE_BEANINFO)
              .getPropertyDescriptors();
      for (PropertyDescriptor p : all) {
        for (WekaOption o : EDITORS.keySet()) {
          if (o.property().equals(p.getName())) {
            p.setPropertyEditorClass(EDITORS.get(o));
          }
        }
      }
      return all;
    } catch (IntrospectionException e) {
      throw new IllegalStateException("cannot introspect " + beanClass.getName(), e);
    }
  }

  /** The field editor of each typed option shown in the dialog. */
  public static final Map<WekaOption, Class<? extends OptionFieldEditor>> EDITORS =
      new EnumMap<>(WekaOption.class);

  static {
    EDITORS.put(WekaOption.LAMBDA, Lambda.class);
    EDITORS.put(WekaOption.HIDDEN, Hidden.class);
    EDITORS.put(WekaOption.EPOCHS, Epochs.class);
    EDITORS.put(WekaOption.BATCH_SIZE, BatchSize.class);
    EDITORS.put(WekaOption.LEARNING_RATE, LearningRate.class);
    EDITORS.put(WekaOption.REPLAY_SIZE, ReplaySize.class);
    EDITORS.put(WekaOption.GAMMA, Gamma.class);
    EDITORS.put(WekaOption.TEMPERATURE, Temperature.class);
    EDITORS.put(WekaOption.IMPORTANCE_SAMPLES, ImportanceSamples.class);
    EDITORS.put(WekaOption.DAMPING, Damping.class);
    EDITORS.put(WekaOption.WARMUP_EPOCHS, WarmupEpochs.class);
    EDITORS.put(WekaOption.CALIBRATE_P, CalibrateP.class);
    EDITORS.put(WekaOption.CALIBRATE_TRIALS, CalibrateTrials.class);
    EDITORS.put(WekaOption.MOMENTUM, Momentum.class);
    EDITORS.put(WekaOption.SEED, Seed.class);
  }

  /** λ's field. */
  public static final class Lambda extends OptionFieldEditor {
    /** Creates it. */
    public Lambda() {
      super(WekaOption.LAMBDA);
    }
  }

  /** The hidden layers' field. */
  public static final class Hidden extends OptionFieldEditor {
    /** Creates it. */
    public Hidden() {
      super(WekaOption.HIDDEN);
    }
  }

  /** The epochs' field. */
  public static final class Epochs extends OptionFieldEditor {
    /** Creates it. */
    public Epochs() {
      super(WekaOption.EPOCHS);
    }
  }

  /** The minibatch size's field. */
  public static final class BatchSize extends OptionFieldEditor {
    /** Creates it. */
    public BatchSize() {
      super(WekaOption.BATCH_SIZE);
    }
  }

  /** The learning rate's field. */
  public static final class LearningRate extends OptionFieldEditor {
    /** Creates it. */
    public LearningRate() {
      super(WekaOption.LEARNING_RATE);
    }
  }

  /** The replay memory's field. */
  public static final class ReplaySize extends OptionFieldEditor {
    /** Creates it. */
    public ReplaySize() {
      super(WekaOption.REPLAY_SIZE);
    }
  }

  /** γ's field. */
  public static final class Gamma extends OptionFieldEditor {
    /** Creates it. */
    public Gamma() {
      super(WekaOption.GAMMA);
    }
  }

  /** The temperature's field. */
  public static final class Temperature extends OptionFieldEditor {
    /** Creates it. */
    public Temperature() {
      super(WekaOption.TEMPERATURE);
    }
  }

  /** The importance sample's field. */
  public static final class ImportanceSamples extends OptionFieldEditor {
    /** Creates it. */
    public ImportanceSamples() {
      super(WekaOption.IMPORTANCE_SAMPLES);
    }
  }

  /** ξ's field. */
  public static final class Damping extends OptionFieldEditor {
    /** Creates it. */
    public Damping() {
      super(WekaOption.DAMPING);
    }
  }

  /** The warm-up's field. */
  public static final class WarmupEpochs extends OptionFieldEditor {
    /** Creates it. */
    public WarmupEpochs() {
      super(WekaOption.WARMUP_EPOCHS);
    }
  }

  /** The λ search's p's field. */
  public static final class CalibrateP extends OptionFieldEditor {
    /** Creates it. */
    public CalibrateP() {
      super(WekaOption.CALIBRATE_P);
    }
  }

  /** The λ search's trial budget's field. */
  public static final class CalibrateTrials extends OptionFieldEditor {
    /** Creates it. */
    public CalibrateTrials() {
      super(WekaOption.CALIBRATE_TRIALS);
    }
  }

  /** The momentum's field. */
  public static final class Momentum extends OptionFieldEditor {
    /** Creates it. */
    public Momentum() {
      super(WekaOption.MOMENTUM);
    }
  }

  /** The seed's field. */
  public static final class Seed extends OptionFieldEditor {
    /** Creates it. */
    public Seed() {
      super(WekaOption.SEED);
    }
  }
}
