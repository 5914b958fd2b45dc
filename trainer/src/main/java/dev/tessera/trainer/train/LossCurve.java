package dev.tessera.trainer.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The loss curve of a run as a PNG: the loss of every step and its running mean. */
public final class LossCurve {

  private LossCurve() {}

  /**
   * Draws the charts of a run's {@code metrics.csv} (columns step, loss, elapsed_s, pixel_error,
   * rand_error, iou, dice, f1_iou50) as training does at its end: {@code loss-curve.png} and, when
   * it holds validation rows, {@code validation-curve.png} in {@code dir}. For a run still going or
   * stopped before its end.
   *
   * @return the charts written
   */
  public static List<Path> fromCsv(Path metricsCsv, Path dir) throws IOException {
    List<Double> losses = new ArrayList<>();
    List<Integer> validationSteps = new ArrayList<>();
    List<dev.tessera.trainer.metrics.Scores> validations = new ArrayList<>();
    List<String> lines = java.nio.file.Files.readAllLines(metricsCsv);
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] f = line.split(",", -1);
      if (f.length < 8) {
        throw new IOException(metricsCsv + " is not a Tessera metrics.csv: line '" + line + "'");
      }
      try {
        losses.add(Double.parseDouble(f[1]));
        if (!f[3].isEmpty()) {
          validationSteps.add(Integer.parseInt(f[0]));
          validations.add(new dev.tessera.trainer.metrics.Scores(Double.parseDouble(f[3]), Double.parseDouble(f[4]),
              Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]), 0, 0, 0, 0));
        }
      } catch (NumberFormatException e) {
        throw new IOException(metricsCsv + " is not a Tessera metrics.csv: line '" + line + "'", e);
      }
    }
    List<Path> written = new ArrayList<>();
    written.add(dir.resolve("loss-curve.png"));
    write(written.get(0), losses, validationSteps, validations.stream().map(s -> s.pixelError()).toList());
    if (!validations.isEmpty()) {
      written.add(dir.resolve("validation-curve.png"));
      writeValidation(written.get(1), validationSteps, validations);
    }
    return written;
  }

  /**
   * Writes the chart of {@code losses} (step 1 first) and, where present, validation pixel error
   * at {@code validationSteps}.
   */
  public static void write(Path png, List<Double> losses, List<Integer> validationSteps, List<Double> validationErrors)
      throws IOException {
    XYChart chart = chart("Training loss", "weighted cross-entropy");
    chart.getStyler().setXAxisTickMarkSpacingHint(120);
    List<Integer> steps = new ArrayList<>();
    List<Double> mean = new ArrayList<>();
    int window = Math.max(1, losses.size() / 50);
    double sum = 0;
    for (int i = 0; i < losses.size(); i++) {
      steps.add(i + 1);
      sum += losses.get(i);
      if (i >= window) {
        sum -= losses.get(i - window);
      }
      mean.add(sum / Math.min(i + 1, window));
    }
    if (steps.isEmpty()) {
      steps.add(0);
      mean.add(0.0);
      losses = List.of(0.0);
    }
    XYSeries raw = chart.addSeries("loss", steps, losses);
    raw.setMarker(SeriesMarkers.NONE);
    raw.setLineColor(new java.awt.Color(160, 190, 230));
    XYSeries smooth = chart.addSeries("running mean (" + window + " steps)", steps, mean);
    smooth.setMarker(SeriesMarkers.NONE);
    smooth.setLineColor(new java.awt.Color(20, 60, 160));
    if (!validationSteps.isEmpty()) {
      XYSeries val = chart.addSeries("validation pixel error", validationSteps, validationErrors);
      val.setMarker(SeriesMarkers.CIRCLE);
      val.setLineColor(new java.awt.Color(200, 60, 40));
      val.setMarkerColor(new java.awt.Color(200, 60, 40));
      val.setYAxisGroup(1);
      chart.setYAxisGroupTitle(1, "validation pixel error");
      chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
    }
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /**
   * Writes the validation metrics of a run against the step: pixel error, Rand error and 1 - F1 at
   * IoU 0.5, all "lower is better" on one axis.
   */
  public static void writeValidation(Path png, List<Integer> steps, List<dev.tessera.trainer.metrics.Scores> scores)
      throws IOException {
    XYChart chart = chart("Validation (whole images, ONNX Runtime)", "error");
    addSeries(chart, "pixel error", steps, scores.stream().map(s -> s.pixelError()).toList(), new java.awt.Color(200, 60, 40));
    addSeries(chart, "Rand error", steps, scores.stream().map(s -> s.randError()).toList(), new java.awt.Color(20, 60, 160));
    addSeries(chart, "1 - F1 at IoU 0.5", steps, scores.stream().map(s -> 1 - s.f1()).toList(),
        new java.awt.Color(40, 140, 60));
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** A 900x500 headless chart against the step, legend inside top right. */
  private static XYChart chart(String title, String yTitle) {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("step").yAxisTitle(yTitle)
        .build();
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    chart.getStyler().setXAxisDecimalPattern("#");
    return chart;
  }

  private static void addSeries(XYChart chart, String name, List<Integer> x, List<Double> y, java.awt.Color colour) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setLineColor(colour);
    s.setMarkerColor(colour);
  }
}
