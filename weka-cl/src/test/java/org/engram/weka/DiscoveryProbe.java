package org.engram.weka;

import java.util.List;
import weka.classifiers.Classifier;
import weka.core.Instances;
import weka.core.PluginManager;
import weka.core.WekaPackageClassLoaderManager;
import weka.core.WekaPackageManager;
import weka.gui.GenericObjectEditor;
import weka.gui.GenericPropertiesCreator;

/**
 * Run in a separate JVM by {@link PackageInstallIT}, with Weka on the classpath but not this
 * project's classes: loads the installed packages the way the GUI does and reports whether the
 * GUI's class discovery lists ContinualMLP, then trains the discovered class on a tiny dataset and
 * prints the matrix kernel it used.
 */
public final class DiscoveryProbe {
  private DiscoveryProbe() {}

  /**
   * @param args ignored
   * @throws Exception if discovery or training fails
   */
  public static void main(String[] args) throws Exception {
    String name = "weka.classifiers.functions.ContinualMLP";
    WekaPackageManager.loadPackages(false);
    GenericObjectEditor.determineClasses();
    String listed =
        GenericPropertiesCreator.getGlobalOutputProperties()
            .getProperty(Classifier.class.getName(), "");
    System.out.println("GenericPropertiesCreator=" + listed.contains(name));
    List<String> plugins = PluginManager.getPluginNamesOfTypeList(Classifier.class.getName());
    System.out.println("PluginManager=" + plugins.contains(name));
    Class<?> cls = WekaPackageClassLoaderManager.forName(name);
    System.out.println("loadedFrom=" + cls.getProtectionDomain().getCodeSource().getLocation());
    Classifier c = (Classifier) cls.getDeclaredConstructor().newInstance();
    Instances data =
        new Instances(
            new java.io.StringReader(
                "@relation probe\n@attribute x numeric\n@attribute class {a,b}\n@data\n"
                    + "0,a\n0.1,a\n0.9,b\n1,b\n"));
    data.setClassIndex(1);
    c.buildClassifier(data);
    System.out.println("distributionLength=" + c.distributionForInstance(data.instance(0)).length);
    // The GEMM kernel as seen from the package's class loader (cl-core is shaded into its jar).
    Class<?> kernels = Class.forName("org.engram.cl.linalg.Kernels", true, cls.getClassLoader());
    System.out.println("kernel=" + kernels.getMethod("describe").invoke(null));
  }
}
