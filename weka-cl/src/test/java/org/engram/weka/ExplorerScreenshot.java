package org.engram.weka;

import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dimension;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.io.File;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.swing.JButton;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JRadioButton;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.SwingUtilities;
import weka.classifiers.functions.ContinualMLP;
import weka.core.Instances;
import weka.core.WekaPackageManager;
import weka.core.converters.ArffLoader;
import weka.core.converters.ConverterUtils.DataSource;
import weka.gui.GenericObjectEditor;
import weka.gui.LogPanel;
import weka.gui.LookAndFeel;
import weka.gui.PropertyDialog;
import weka.gui.PropertyPanel;
import weka.gui.PropertySheetPanel;
import weka.gui.explorer.ClassifierPanel;
import weka.gui.explorer.Explorer;
import weka.gui.explorer.Explorer.ExplorerPanel;

/**
 * Drives the real Weka Explorer (run it under Xvfb, see weka-cl/scripts/explorer-screenshot.sh): at
 * its default size (800x600) it loads the training tasks, selects ContinualMLP with the task
 * attribute, evaluates on a supplied test set, then opens the options dialog as a user does by
 * clicking the classifier, checks that every field is visible without scrolling and that the kernel
 * choice is in the Log panel, and captures the screen with {@link Robot}. Not a test: a tool that
 * makes the guide's screenshot from the real GUI; it exits with 1 when a check fails.
 */
public final class ExplorerScreenshot {
  private ExplorerScreenshot() {}

  /**
   * @param args training ARFF, test ARFF, output PNG
   * @throws Exception if the GUI cannot be driven
   */
  public static void main(String[] args) throws Exception {
    File train = new File(args[0]);
    File test = new File(args[1]);
    File png = new File(args[2]);
    // A dialog the driver does not expect would block forever: give up instead.
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(600_000);
              } catch (InterruptedException e) {
                return;
              }
              System.err.println("ExplorerScreenshot: timed out");
              System.exit(2);
            });
    watchdog.setDaemon(true);
    watchdog.start();
    LookAndFeel.setLookAndFeel();
    WekaPackageManager.loadPackages(false, true, false);
    GenericObjectEditor.determineClasses();
    Instances data = DataSource.read(train.getPath());
    data.setClassIndex(data.numAttributes() - 1);

    Explorer[] explorer = new Explorer[1];
    SwingUtilities.invokeAndWait(
        () -> {
          explorer[0] = new Explorer();
          JFrame frame = new JFrame("Weka Explorer");
          frame.getContentPane().setLayout(new BorderLayout());
          frame.getContentPane().add(explorer[0], BorderLayout.CENTER);
          frame.setBounds(0, 0, 800, 600); // the Explorer's default size
          frame.setVisible(true);
          explorer[0].getPreprocessPanel().setInstances(data);
        });
    Thread.sleep(1500);
    ClassifierPanel panel = null;
    for (ExplorerPanel p : explorer[0].getPanels()) {
      if (p instanceof ClassifierPanel) {
        panel = (ClassifierPanel) p;
      }
    }
    final ClassifierPanel cp = panel;
    ContinualMLP mlp = new ContinualMLP();
    mlp.setOptions(new String[] {"-method", "EWC", "-task-attribute", "task", "-hidden", "100"});
    ArffLoader testLoader = new ArffLoader();
    testLoader.setFile(test);
    SwingUtilities.invokeAndWait(
        () -> {
          try {
            explorer[0].getTabbedPane().setSelectedComponent(cp);
            ((GenericObjectEditor) field(cp, "m_ClassifierEditor")).setValue(mlp);
            setField(cp, "m_TestLoader", testLoader);
            setField(cp, "m_TestClassIndex", data.classIndex());
            ((JRadioButton) field(cp, "m_TestSplitBut")).setSelected(true);
            ((JButton) field(cp, "m_StartBut")).doClick();
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        });
    // Wait for the run to finish: the Explorer clears its worker thread at the end.
    long deadline = System.currentTimeMillis() + 540_000;
    Thread.sleep(1000);
    while (field(cp, "m_RunThread") != null) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the Explorer run did not finish");
      }
      Thread.sleep(250);
    }
    JTextArea out = (JTextArea) field(cp, "m_OutText");
    SwingUtilities.invokeAndWait(
        () -> {
          // Show the model's task table, not the tail.
          String text = out.getText();
          int at = Math.max(0, text.indexOf("Tasks learned:"));
          try {
            Rectangle r = out.modelToView2D(at).getBounds();
            javax.swing.JViewport vp = (javax.swing.JViewport) out.getParent();
            vp.setViewPosition(new java.awt.Point(0, Math.max(0, r.y - 4)));
          } catch (javax.swing.text.BadLocationException e) {
            throw new IllegalStateException(e);
          }
        });
    if (!out.getText().contains("Tasks learned: 5")) {
      throw new IllegalStateException("unexpected Explorer output:\n" + out.getText());
    }
    List<String> problems = new ArrayList<>();
    Field logPanel = Explorer.class.getDeclaredField("m_LogPanel");
    logPanel.setAccessible(true);
    Field logText = LogPanel.class.getDeclaredField("m_LogText");
    logText.setAccessible(true);
    String log = ((JTextArea) logText.get(logPanel.get(explorer[0]))).getText();
    if (!log.contains("ContinualMLP: matrix kernel")) {
      problems.add("the kernel choice is not in the Explorer's Log panel:\n" + log);
    }

    // Open the options dialog as a click on the classifier does, beside the Explorer.
    PropertyPanel classifier = (PropertyPanel) field(cp, "m_CEPanel");
    SwingUtilities.invokeLater(classifier::showPropertyDialog);
    Thread.sleep(2000);
    Dimension screen = Toolkit.getDefaultToolkit().getScreenSize();
    SwingUtilities.invokeAndWait(
        () -> {
          for (Window w : Window.getWindows()) {
            if (w instanceof PropertyDialog d && d.isShowing()) {
              d.setLocation(screen.width - d.getWidth(), 0);
              problems.addAll(checkEveryFieldVisible(d));
            }
          }
        });
    Thread.sleep(1000);
    problems.addAll(invalidValueIsReportedOnce());
    Thread.sleep(500);
    BufferedImage shot = new Robot().createScreenCapture(new Rectangle(screen));
    png.getAbsoluteFile().getParentFile().mkdirs();
    ImageIO.write(shot, "png", png);
    System.out.println("wrote " + png);
    System.out.println(problems.isEmpty() ? "every field visible" : String.join("\n", problems));
    System.exit(problems.isEmpty() ? 0 : 1);
  }

  /**
   * Types an invalid λ into the open dialog and presses Enter, then moves the focus on: the value
   * must be reported exactly once, by the field's name (Weka's own text field reported it twice,
   * naming the command-line option).
   */
  private static List<String> invalidValueIsReportedOnce() throws Exception {
    List<String> shown = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread closer =
        new Thread(
            () -> {
              while (true) {
                try {
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  return;
                }
                for (Window w : Window.getWindows()) {
                  if (w.isShowing()
                      && w instanceof javax.swing.JDialog j
                      && !(w instanceof PropertyDialog)) {
                    List<javax.swing.JOptionPane> panes = find(j, javax.swing.JOptionPane.class);
                    if (!panes.isEmpty()) {
                      shown.add(String.valueOf(panes.get(0).getMessage()));
                      SwingUtilities.invokeLater(j::dispose);
                    }
                  }
                }
              }
            });
    closer.setDaemon(true);
    closer.start();
    javax.swing.JTextField[] lambda = new javax.swing.JTextField[1];
    javax.swing.JTextField[] other = new javax.swing.JTextField[1];
    SwingUtilities.invokeAndWait(
        () -> {
          for (Window w : Window.getWindows()) {
            if (w instanceof PropertyDialog d && d.isShowing()) {
              for (javax.swing.JTextField f : find(d, javax.swing.JTextField.class)) {
                if (f.getText().equals("auto")) {
                  lambda[0] = f;
                } else if (f.getText().equals("100")) {
                  other[0] = f;
                }
              }
            }
          }
          lambda[0].requestFocusInWindow();
        });
    Thread.sleep(500);
    SwingUtilities.invokeAndWait(() -> lambda[0].setText("-3"));
    Robot robot = new Robot();
    robot.keyPress(java.awt.event.KeyEvent.VK_ENTER);
    robot.keyRelease(java.awt.event.KeyEvent.VK_ENTER);
    Thread.sleep(2500);
    SwingUtilities.invokeAndWait(() -> other[0].requestFocusInWindow());
    Thread.sleep(2000);
    closer.interrupt();
    List<String> problems = new ArrayList<>();
    if (shown.size() != 1 || !shown.get(0).startsWith("lambda")) {
      problems.add("an invalid lambda was reported " + shown.size() + " times: " + shown);
    }
    if (!lambda[0].getText().equals("auto")) {
      problems.add("the lambda field shows " + lambda[0].getText() + " after a refused value");
    }
    System.out.println("an invalid lambda: " + shown);
    return problems;
  }

  /** The dialog shows every field: no vertical scroll bar, every label inside the visible area. */
  private static List<String> checkEveryFieldVisible(PropertyDialog d) {
    List<String> problems = new ArrayList<>();
    PropertySheetPanel sheet = find(d, PropertySheetPanel.class).get(0);
    JScrollPane scroll = find(sheet, JScrollPane.class).get(0);
    if (scroll.getVerticalScrollBar().isVisible()) {
      problems.add("the options dialog scrolls (" + d.getSize() + ")");
    }
    Rectangle visible = scroll.getViewport().getViewRect();
    List<JLabel> labels = find(sheet, JLabel.class);
    for (JLabel l : labels) {
      if (!visible.contains(l.getBounds())) {
        problems.add("field " + l.getText() + " is outside the visible area");
      }
    }
    System.out.println(
        "options dialog " + d.getWidth() + "x" + d.getHeight() + ", " + labels.size() + " fields");
    return problems;
  }

  private static <T> List<T> find(Container c, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Component k : c.getComponents()) {
      if (type.isInstance(k)) {
        out.add(type.cast(k));
      }
      if (k instanceof Container cc) {
        out.addAll(find(cc, type));
      }
    }
    return out;
  }

  private static Object field(Object o, String name) throws ReflectiveOperationException {
    Field f = ClassifierPanel.class.getDeclaredField(name);
    f.setAccessible(true);
    return f.get(o);
  }

  private static void setField(Object o, String name, Object value)
      throws ReflectiveOperationException {
    Field f = ClassifierPanel.class.getDeclaredField(name);
    f.setAccessible(true);
    f.set(o, value);
  }
}
