package org.engram.examples;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.engram.cl.data.Digits;
import org.engram.cl.eval.AccuracyMatrix;
import org.engram.cl.method.Method;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes the demo's HTML report and PNG images: the average accuracy on the tasks seen so far and
 * the accuracy on each task as training goes on (one line per method, as in Figure 2 of Kirkpatrick
 * et al. 2017, "Overcoming catastrophic forgetting in neural networks"), and every accuracy matrix
 * as a coloured table. Charts are drawn off-screen with XChart, so this works headless.
 */
public final class Report {
  private static final int PANEL_W = 420;
  private static final int PANEL_H = 340;

  /** Distinct colours (Tableau 10), one per method in a fixed order, the same in every panel. */
  private static final Color[] PALETTE = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x9467bd),
    new Color(0x8c564b),
    new Color(0xe377c2),
    new Color(0x7f7f7f),
    new Color(0xbcbd22),
    new Color(0x17becf)
  };

  private Report() {}

  /**
   * @param o the demo's options (output folder, methods, scenarios)
   * @param runs every run
   * @param trainRows training images
   * @param testRows test images
   * @return the path of index.html
   * @throws IOException if a file cannot be written
   */
  public static Path write(DemoOptions o, List<DemoCommand.Run> runs, int trainRows, int testRows)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    Path dir = o.out();
    Files.createDirectories(dir);
    List<XYChart> avg = new ArrayList<>();
    for (DemoCommand.ScenarioName s : o.scenarios()) {
      avg.add(averageChart(o, runs, s, avg.isEmpty()));
    }
    BitmapEncoder.saveBitmap(
        avg,
        1,
        avg.size(),
        dir.resolve("average-accuracy.png").toString(),
        BitmapEncoder.BitmapFormat.PNG);
    for (DemoCommand.ScenarioName s : o.scenarios()) {
      // five task panels and the mean, 2 x 3, so the figure reads like the EWC paper's Figure 2A
      List<XYChart> panels = perTaskCharts(o, runs, s);
      panels.add(averageChart(o, runs, s, false));
      int cols = 3;
      BitmapEncoder.saveBitmap(
          panels,
          (panels.size() + cols - 1) / cols,
          cols,
          dir.resolve("task-accuracy-" + s.label() + ".png").toString(),
          BitmapEncoder.BitmapFormat.PNG);
    }
    Path index = dir.resolve("index.html");
    Files.writeString(index, html(o, runs, trainRows, testRows), StandardCharsets.UTF_8);
    return index;
  }

  private static XYChart base(String title, String xTitle, String yTitle, int tasks) {
    XYChart c =
        new XYChartBuilder()
            .width(PANEL_W)
            .height(PANEL_H)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    Styler st = c.getStyler();
    st.setChartBackgroundColor(Color.WHITE);
    st.setLegendPosition(Styler.LegendPosition.InsideSW);
    st.setLegendBackgroundColor(new Color(255, 255, 255, 200));
    c.getStyler().setYAxisMin(0.0);
    c.getStyler().setYAxisMax(100.0);
    c.getStyler().setXAxisMin(0.8);
    c.getStyler().setXAxisMax(tasks + 0.2);
    c.getStyler().setXAxisDecimalPattern("0");
    c.getStyler().setYAxisDecimalPattern("0");
    c.getStyler().setMarkerSize(6);
    return c;
  }

  private static void style(XYSeries series, Method k) {
    Color c = PALETTE[k.ordinal() % PALETTE.length];
    series.setMarker(SeriesMarkers.CIRCLE);
    series.setLineColor(c);
    series.setMarkerColor(c);
  }

  private static XYChart averageChart(
      DemoOptions o, List<DemoCommand.Run> runs, DemoCommand.ScenarioName s, boolean legend) {
    int tasks = DemoCommand.find(runs, o.methods().get(0), s).matrix().tasks();
    XYChart c =
        base(s.label() + ": mean accuracy on tasks so far", "tasks trained", "accuracy %", tasks);
    c.getStyler().setLegendVisible(legend);
    for (Method k : o.methods()) {
      double[] curve = DemoCommand.find(runs, k, s).matrix().averageAccuracyCurve();
      double[] x = new double[curve.length];
      double[] y = new double[curve.length];
      for (int i = 0; i < curve.length; i++) {
        x[i] = i + 1;
        y[i] = 100 * curve[i];
      }
      style(c.addSeries(k.token(), x, y), k);
    }
    return c;
  }

  private static List<XYChart> perTaskCharts(
      DemoOptions o, List<DemoCommand.Run> runs, DemoCommand.ScenarioName s) {
    int tasks = DemoCommand.find(runs, o.methods().get(0), s).matrix().tasks();
    List<XYChart> panels = new ArrayList<>();
    for (int j = 0; j < tasks; j++) {
      XYChart c =
          base(
              s.label() + ": task " + (j + 1) + " (digits " + 2 * j + "-" + (2 * j + 1) + ")",
              "tasks trained",
              "accuracy %",
              tasks);
      c.getStyler().setLegendVisible(j == 0);
      for (Method k : o.methods()) {
        AccuracyMatrix m = DemoCommand.find(runs, k, s).matrix();
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = j; i < tasks; i++) {
          if (!Double.isNaN(m.get(i, j))) {
            xs.add(i + 1.0);
            ys.add(100 * m.get(i, j));
          }
        }
        if (!xs.isEmpty()) {
          style(c.addSeries(k.token(), xs, ys), k);
        }
      }
      panels.add(c);
    }
    return panels;
  }

  private static String html(
      DemoOptions o, List<DemoCommand.Run> runs, int trainRows, int testRows) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<title>Engram demo: continual learning on split digits</title>\n<style>\n")
        .append("body{font-family:sans-serif;max-width:1320px;margin:1em auto;padding:0 1em}\n")
        .append("table{border-collapse:collapse;margin:0.5em 0}")
        .append("td,th{border:1px solid #ccc;padding:2px 7px;text-align:right}")
        .append("th{background:#f2f2f2}img{max-width:100%}")
        .append(".mats{display:flex;flex-wrap:wrap;gap:1.5em}.mats h4{margin:0.3em 0}\n")
        .append("</style></head><body>\n");
    h.append("<h1>Engram demo: continual learning on split digits</h1>\n<p>")
        .append(trainRows)
        .append(" training and ")
        .append(testRows)
        .append(
            " test images of the UCI digits (8&times;8 pixels), split into 5 tasks of 2 digits"
                + " (0-1, 2-3, 4-5, 6-7, 8-9), learnt one after the other, with cl-core's defaults"
                + " (what a user of the library gets): ")
        .append(esc(DemoCommand.settings(o.configs().get(o.methods().get(0)))))
        .append("; &lambda; automatic unless given: chosen per task from the new task's data")
        .append(".</p>\n<p>Scenarios (van de Ven &amp; Tolias 2019): <b>task-IL</b> the task id is")
        .append(" known, one head per task; <b>domain-IL</b> one 2-unit head, the target is the")
        .append(" digit's position in its pair; <b>class-IL</b> one head over all digits seen so")
        .append(" far. ACC = mean final accuracy; BWT = mean change on old tasks since they were")
        .append(" learnt (negative = forgetting); FWT = accuracy on a task just before it is")
        .append(" learnt minus an untrained network's, &ndash; where undefined (the learner cannot")
        .append(" predict the next task's classes: class-IL, and task-IL before a task's head")
        .append(" exists); forgetting = best minus final accuracy (Chaudhry et al. 2018). All")
        .append(" in %.</p>\n");
    h.append("<h2>Results</h2>\n<table><tr><th rowspan=2>method</th>");
    for (DemoCommand.ScenarioName s : o.scenarios()) {
      h.append("<th colspan=5>").append(s.label()).append("</th>");
    }
    h.append("</tr>\n<tr>");
    for (int i = 0; i < o.scenarios().size(); i++) {
      h.append(
          "<th>&lambda; tasks 2-5</th><th>ACC</th><th>BWT</th><th>FWT</th><th>forgetting</th>");
    }
    h.append("</tr>\n");
    for (Method k : o.methods()) {
      h.append("<tr><th>").append(k.token()).append("</th>");
      for (DemoCommand.ScenarioName s : o.scenarios()) {
        DemoCommand.Run r = DemoCommand.find(runs, k, s);
        h.append("<td>")
            .append(html(r.lambdas()))
            .append("</td><td>")
            .append(html(Format.pct(r.matrix().acc())))
            .append("</td><td>")
            .append(html(Format.signedPct(r.matrix().bwt())))
            .append("</td><td>")
            .append(html(Format.signedPct(r.matrix().fwt())))
            .append("</td><td>")
            .append(html(Format.pct(r.matrix().forgetting())))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n<p>&lambda; is the value each task was trained with, chosen per task")
        .append(" from the new task's data only (task 1 has nothing to protect); ")
        .append(String.format(Locale.ROOT, "choosing it took %.1f s", searchSeconds(runs)))
        .append(" of the demo's run. Conventions: EWC and online EWC add (&lambda;/2)&Sigma;F")
        .append("(&theta;&minus;&theta;*)&sup2; with the per-sample empirical Fisher; MAS, SI and")
        .append(" L2 add &lambda;&Sigma;&Omega;(&theta;&minus;&theta;*)&sup2;; LwF adds")
        .append(" &lambda;T&sup2;KL.</p>\n");
    h.append("<h2>Mean accuracy on the tasks seen so far</h2>\n")
        .append("<img src=\"average-accuracy.png\" alt=\"mean accuracy curves\">\n");
    h.append("<h2>Accuracy on each task as training goes on</h2>\n")
        .append("<p>Each panel follows one task from the moment it is learnt: a falling line is")
        .append(" forgetting.</p>\n");
    for (DemoCommand.ScenarioName s : o.scenarios()) {
      h.append("<h3>")
          .append(s.label())
          .append("</h3>\n<img src=\"task-accuracy-")
          .append(s.label())
          .append(".png\" alt=\"per-task accuracy, ")
          .append(s.label())
          .append("\">\n");
    }
    h.append("<h2>Accuracy matrices</h2>\n<p>Row i, column j: accuracy (%) on task j after")
        .append(" training task i; colour from red (chance or worse) to green.</p>\n");
    for (DemoCommand.ScenarioName s : o.scenarios()) {
      h.append("<h3>").append(s.label()).append("</h3>\n<div class=\"mats\">\n");
      for (Method k : o.methods()) {
        h.append("<div><h4>")
            .append(k.token())
            .append("</h4>")
            .append(matrixTable(DemoCommand.find(runs, k, s).matrix()))
            .append("</div>\n");
      }
      h.append("</div>\n");
    }
    h.append("<p><small>Data: ")
        .append(Digits.ATTRIBUTION)
        .append(". Made by Engram's demo (java -jar engram-examples.jar demo).</small></p>\n")
        .append("</body></html>\n");
    return h.toString();
  }

  private static String matrixTable(AccuracyMatrix m) {
    StringBuilder t = new StringBuilder("<table><tr><th>after\\on</th>");
    for (int j = 0; j < m.tasks(); j++) {
      t.append("<th>T").append(j + 1).append("</th>");
    }
    t.append("</tr>");
    for (int i = 0; i < m.tasks(); i++) {
      t.append("<tr><th>T").append(i + 1).append("</th>");
      for (int j = 0; j < m.tasks(); j++) {
        double v = m.get(i, j);
        if (Double.isNaN(v)) {
          t.append("<td>&ndash;</td>");
        } else {
          t.append("<td style=\"background:")
              .append(colour(v))
              .append("\">")
              .append(String.format(Locale.ROOT, "%.0f", 100 * v))
              .append("</td>");
        }
      }
      t.append("</tr>");
    }
    return t.append("</table>").toString();
  }

  /** Red at 50 % and below (chance for a pair), through yellow, to green at 100 %. */
  static String colour(double v) {
    double t = Math.max(0, Math.min(1, (v - 0.5) / 0.5));
    int r = (int) Math.round(t < 0.5 ? 240 : 240 - (t - 0.5) * 2 * 140);
    int g = (int) Math.round(t < 0.5 ? 120 + t * 2 * 110 : 230);
    return String.format(Locale.ROOT, "rgb(%d,%d,120)", r, g);
  }

  private static double searchSeconds(List<DemoCommand.Run> runs) {
    return runs.stream().mapToDouble(DemoCommand.Run::lambdaSeconds).sum();
  }

  /** A table cell's text: an undefined value as an en dash. */
  private static String html(String cell) {
    return cell.equals(Format.UNDEFINED) ? "&ndash;" : esc(cell);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
