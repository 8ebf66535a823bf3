package org.engram.weka;

import java.awt.BorderLayout;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.io.File;
import java.lang.reflect.Field;
import javax.imageio.ImageIO;
import javax.swing.JButton;
import javax.swing.JFrame;
import javax.swing.JRadioButton;
import javax.swing.JTextArea;
import javax.swing.SwingUtilities;
import weka.classifiers.functions.ContinualMLP;
import weka.core.Instances;
import weka.core.WekaPackageManager;
import weka.core.converters.ArffLoader;
import weka.core.converters.ConverterUtils.DataSource;
import weka.gui.GenericObjectEditor;
import weka.gui.LookAndFeel;
import weka.gui.explorer.ClassifierPanel;
import weka.gui.explorer.Explorer;
import weka.gui.explorer.Explorer.ExplorerPanel;

/**
 * Drives the real Weka Explorer (run it under Xvfb, see weka-cl/scripts/explorer-screenshot.sh):
 * loads the training tasks, selects ContinualMLP with the task attribute, evaluates on a supplied
 * test set, presses Start and captures the window with {@link Robot}. Not a test: a tool that makes
 * the README's screenshot from the real GUI.
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
                Thread.sleep(180_000);
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
    JFrame[] frame = new JFrame[1];
    SwingUtilities.invokeAndWait(
        () -> {
          explorer[0] = new Explorer();
          frame[0] = new JFrame("Weka Explorer");
          frame[0].getContentPane().setLayout(new BorderLayout());
          frame[0].getContentPane().add(explorer[0], BorderLayout.CENTER);
          frame[0].setBounds(0, 0, 1280, 900);
          frame[0].setVisible(true);
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
    mlp.setOptions(
        new String[] {"-method", "EWC", "-task-attribute", "task", "-hidden", "100", "-S", "1"});
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
    long deadline = System.currentTimeMillis() + 300_000;
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
          // Show the model's task table and the start of the evaluation, not the tail.
          String text = out.getText();
          int at = Math.max(0, text.indexOf("Method:"));
          try {
            Rectangle r = out.modelToView2D(at).getBounds();
            javax.swing.JViewport vp = (javax.swing.JViewport) out.getParent();
            vp.setViewPosition(new java.awt.Point(0, Math.max(0, r.y - 4)));
          } catch (javax.swing.text.BadLocationException e) {
            throw new IllegalStateException(e);
          }
        });
    Thread.sleep(1000);
    if (!out.getText().contains("Tasks learned: 5")) {
      throw new IllegalStateException("unexpected Explorer output:\n" + out.getText());
    }
    Rectangle bounds = frame[0].getBounds();
    BufferedImage shot = new Robot().createScreenCapture(bounds);
    png.getAbsoluteFile().getParentFile().mkdirs();
    ImageIO.write(shot, "png", png);
    System.out.println("wrote " + png + "\n" + out.getText());
    frame[0].dispose();
    System.exit(0);
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
