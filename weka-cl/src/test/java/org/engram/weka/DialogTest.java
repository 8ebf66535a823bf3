package org.engram.weka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Component;
import java.awt.Container;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import javax.swing.JButton;
import javax.swing.JLabel;
import org.junit.jupiter.api.Test;
import weka.classifiers.functions.ContinualMLP;
import weka.gui.GenericObjectEditor;
import weka.gui.PropertySheetPanel;

/**
 * The options dialog as Weka's own property sheet builds it (headless: the sheet is a panel): one
 * flat list in the order of the options, no sub-dialog, a typed field for each number, and a "More"
 * text that lists the options in the same order.
 */
class DialogTest {

  /** Kept out of the dialog so that it fits a 900-pixel screen; still command-line options. */
  private static final List<WekaOption> HIDDEN =
      List.of(
          WekaOption.DEBUG, WekaOption.DO_NOT_CHECK_CAPABILITIES, WekaOption.NUM_DECIMAL_PLACES);

  private static PropertySheetPanel sheet() {
    GenericObjectEditor.registerEditors(); // as Weka's GUIs do (drop-down lists for the choices)
    PropertySheetPanel sheet = new PropertySheetPanel();
    sheet.setTarget(new ContinualMLP());
    return sheet;
  }

  private static <T> List<T> all(Container c, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Component k : c.getComponents()) {
      if (type.isInstance(k)) {
        out.add(type.cast(k));
      }
      if (k instanceof Container cc) {
        out.addAll(all(cc, type));
      }
    }
    return out;
  }

  @Test
  void oneFlatListInTheOrderOfTheOptionsWithTheCoresTooltips() {
    PropertySheetPanel sheet = sheet();
    List<String> labels = new ArrayList<>();
    for (JLabel l : all(sheet, JLabel.class)) {
      labels.add(l.getText());
      WekaOption o = WekaOption.forProperty(l.getText());
      String tip = o.tip().contains(".") ? o.tip().substring(0, o.tip().indexOf('.')) : o.tip();
      assertEquals(tip, l.getToolTipText(), o.property());
    }
    List<String> expected = new ArrayList<>();
    for (WekaOption o : WekaOption.values()) {
      if (!HIDDEN.contains(o)) {
        expected.add(o.property());
      }
    }
    assertEquals(expected, labels);
    for (JButton b : all(sheet, JButton.class)) {
      assertFalse(b.getText().startsWith("Edit"), "a category sub-dialog: " + b.getText());
    }
  }

  @Test
  void moreListsEveryOptionInTheOrderOfTheDialog() throws Exception {
    Field f = PropertySheetPanel.class.getDeclaredField("m_HelpText");
    f.setAccessible(true);
    String more = f.get(sheet()).toString();
    int at = 0;
    for (WekaOption o : WekaOption.values()) {
      int next = more.indexOf("\n" + o.property() + " (-" + o.cli(), at);
      assertTrue(next > at, o.property() + " is not after the previous option in:\n" + more);
      at = next;
    }
    // Weka's own, hash-ordered section (one entry per tooltip method) is not there
    assertFalse(more.contains("\nOPTIONS\n"), more);
    assertTrue(more.contains(Help.of(WekaOption.LAMBDA)), "the generated help");
  }

  @Test
  void everyTypedFieldChecksItsValueWhenCommitted() throws Exception {
    for (PropertyDescriptor p :
        Introspector.getBeanInfo(ContinualMLP.class).getPropertyDescriptors()) {
      WekaOption o;
      try {
        o = WekaOption.forProperty(p.getName());
      } catch (IllegalArgumentException e) {
        continue; // not an option (e.g. Weka's log)
      }
      boolean typed = o.kind() != WekaOption.Kind.FLAG && o.kind() != WekaOption.Kind.CHOICE;
      if (typed && o != WekaOption.TASK_ATTRIBUTE && !HIDDEN.contains(o)) {
        assertTrue(
            p.getPropertyEditorClass() != null
                && OptionFieldEditor.class.isAssignableFrom(p.getPropertyEditorClass()),
            o.property() + " has Weka's plain text field, which sets at every key");
        OptionFieldEditor editor =
            (OptionFieldEditor) p.getPropertyEditorClass().getDeclaredConstructor().newInstance();
        assertEquals(o, editor.option());
      }
    }
    OptionFieldEditor lambda = new OptionFieldEditor.Lambda();
    lambda.setValue("auto");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> lambda.setAsText("-3"));
    assertTrue(e.getMessage().startsWith("lambda"), e.getMessage());
    assertEquals("auto", lambda.getValue(), "a refused value changes nothing");
    lambda.setAsText("1e3");
    assertEquals("1000", lambda.getValue());
    OptionFieldEditor rate = new OptionFieldEditor.LearningRate();
    rate.setValue(0.001);
    rate.setAsText("0.01");
    assertEquals(0.01, rate.getValue(), "a double for a double property");
    OptionFieldEditor epochs = new OptionFieldEditor.Epochs();
    epochs.setAsText("1e1");
    assertEquals(10, epochs.getValue(), "an int for an int property");
  }

  @Test
  void theKernelChoiceGoesToWekasLog() throws Exception {
    List<String> log = new ArrayList<>();
    ContinualMLP c = new ContinualMLP();
    c.setLog(
        new weka.gui.Logger() {
          @Override
          public void logMessage(String message) {
            log.add(message);
          }

          @Override
          public void statusMessage(String message) {}
        });
    c.buildClassifier(
        DigitsTasks.build("d", DigitsTasks.trainTest()[0], new int[][] {{0, 1}}, true, false));
    assertTrue(
        log.stream()
            .anyMatch(m -> m.contains("matrix kernel " + org.engram.cl.linalg.Kernels.describe())),
        log.toString());
  }
}
