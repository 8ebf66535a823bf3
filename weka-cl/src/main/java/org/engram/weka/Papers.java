package org.engram.weka;

import java.util.LinkedHashMap;
import java.util.Map;
import org.engram.cl.method.Method;
import weka.core.TechnicalInformation;
import weka.core.TechnicalInformation.Field;
import weka.core.TechnicalInformation.Type;

/**
 * The methods' papers as Weka's technical information (the GUI's "More" and the BibTeX export): one
 * entry per paper, with its authors, year, title and venue, and a note naming the methods it
 * defines (by ContinualMLP's -method values) and the equation used ({@link Method#paper()} gives
 * the same citation as text).
 */
public final class Papers {
  private Papers() {}

  /** One paper: BibTeX type and fields, and the methods it defines. */
  private record Paper(Type type, Map<Field, String> fields, String methods) {}

  private static Paper paper(Type type, String methods, String... fieldValues) {
    Map<Field, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < fieldValues.length; i += 2) {
      fields.put(Field.valueOf(fieldValues[i]), fieldValues[i + 1]);
    }
    return new Paper(type, fields, methods);
  }

  private static final Paper[] PAPERS = {
    paper(
        Type.ARTICLE,
        "EWC (eq. 3) and L2 (fig. 2A, the baseline)",
        "AUTHOR",
        "James Kirkpatrick and Razvan Pascanu and Neil Rabinowitz and others",
        "TITLE",
        "Overcoming catastrophic forgetting in neural networks",
        "JOURNAL",
        "Proceedings of the National Academy of Sciences",
        "VOLUME",
        "114",
        "NUMBER",
        "13",
        "PAGES",
        "3521-3526",
        "YEAR",
        "2017"),
    paper(
        Type.INPROCEEDINGS,
        "ONLINE_EWC (eq. 8)",
        "AUTHOR",
        "Jonathan Schwarz and Wojciech Czarnecki and Jelena Luketina and others",
        "TITLE",
        "Progress & Compress: A scalable framework for continual learning",
        "BOOKTITLE",
        "Proceedings of the 35th International Conference on Machine Learning (ICML)",
        "PAGES",
        "4528-4537",
        "YEAR",
        "2018"),
    paper(
        Type.INPROCEEDINGS,
        "MAS (eq. 4)",
        "AUTHOR",
        "Rahaf Aljundi and Francesca Babiloni and Mohamed Elhoseiny and Marcus Rohrbach and"
            + " Tinne Tuytelaars",
        "TITLE",
        "Memory Aware Synapses: Learning what (not) to forget",
        "BOOKTITLE",
        "European Conference on Computer Vision (ECCV)",
        "YEAR",
        "2018"),
    paper(
        Type.INPROCEEDINGS,
        "SI (eq. 4-5)",
        "AUTHOR",
        "Friedemann Zenke and Ben Poole and Surya Ganguli",
        "TITLE",
        "Continual Learning Through Synaptic Intelligence",
        "BOOKTITLE",
        "Proceedings of the 34th International Conference on Machine Learning (ICML)",
        "PAGES",
        "3987-3995",
        "YEAR",
        "2017"),
    paper(
        Type.ARTICLE,
        "LWF (eq. 2)",
        "AUTHOR",
        "Zhizhong Li and Derek Hoiem",
        "TITLE",
        "Learning without Forgetting",
        "JOURNAL",
        "IEEE Transactions on Pattern Analysis and Machine Intelligence",
        "VOLUME",
        "40",
        "NUMBER",
        "12",
        "PAGES",
        "2935-2947",
        "YEAR",
        "2017"),
  };

  /**
   * @return one entry per paper, in the order of the methods they define
   */
  public static TechnicalInformation all() {
    TechnicalInformation first = null;
    for (Paper p : PAPERS) {
      TechnicalInformation t =
          first == null ? new TechnicalInformation(p.type()) : first.add(p.type());
      p.fields().forEach(t::setValue);
      t.setValue(Field.NOTE, "Engram's method " + p.methods());
      if (first == null) {
        first = t;
      }
    }
    return first;
  }
}
