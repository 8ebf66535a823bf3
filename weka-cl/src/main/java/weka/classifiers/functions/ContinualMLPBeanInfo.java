package weka.classifiers.functions;

import java.beans.MethodDescriptor;
import java.beans.PropertyDescriptor;
import java.beans.SimpleBeanInfo;
import org.engram.weka.OptionFieldEditor;

/**
 * JavaBeans information for {@link ContinualMLP}, read by Weka's property sheet (the options
 * dialog):
 *
 * <ul>
 *   <li>properties: as reflection finds them, each typed option with its {@link OptionFieldEditor},
 *       which checks a value when it is committed and reports a refused one once, by the field's
 *       name;
 *   <li>methods: only {@code globalInfo}. The property sheet builds its "More" window from every
 *       method that is a tooltip or an option, in the order the introspector returns methods, which
 *       is a hash order; with only {@code globalInfo}, "More" shows the help that {@link
 *       ContinualMLP#globalInfo()} generates for every option, in the order of the dialog.
 * </ul>
 */
public class ContinualMLPBeanInfo extends SimpleBeanInfo {

  /** Creates the bean information. */
  public ContinualMLPBeanInfo() {}

  /**
   * @return every property, inherited ones included (Weka's option machinery, which asks for the
   *     properties of ContinualMLP alone, then finds all of them at once)
   */
  @Override
  public PropertyDescriptor[] getPropertyDescriptors() {
    return OptionFieldEditor.describe(ContinualMLP.class);
  }

  /**
   * @return {@code globalInfo} only
   */
  @Override
  public MethodDescriptor[] getMethodDescriptors() {
    try {
      return new MethodDescriptor[] {
        new MethodDescriptor(ContinualMLP.class.getMethod("globalInfo"))
      };
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("ContinualMLP has no globalInfo", e);
    }
  }
}
