package dev.keel.ml.onnx;

import dev.keel.testkit.WineOnnx;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tribuo.classification.Label;

/**
 * Benchmark of ONNX Runtime scoring against Tribuo's own, on the red-wine classifier exported by
 * {@link WineOnnx}: rows per second for requests of 1 and of 100 rows, after a warm-up. Not a test;
 * run it from the {@code workers} directory with {@code java -cp <workers test classpath>
 * dev.keel.ml.onnx.OnnxBench}.
 */
public final class OnnxBench {

  private OnnxBench() {}

  public static void main(String[] args) {
    WineOnnx.Trained<Label> trained = WineOnnx.classifier();
    List<Map<String, Object>> rows = WineOnnx.rows();
    OnnxSpec spec =
        OnnxInspector.inspect(
            trained.onnx(), new OnnxHints(null, trained.features(), trained.labels()));
    try (OnnxScorer scorer = OnnxScorer.open(trained.onnx(), spec)) {
      for (int batch : new int[] {1, 100}) {
        time("onnx  batch " + batch, rows, batch, slice -> scorer.predictAll(slice));
      }
      time("tribuo per row", rows, 1, slice -> trained.tribuo(slice.get(0)));
    }
  }

  private static void time(
      String name,
      List<Map<String, Object>> rows,
      int batch,
      java.util.function.Consumer<List<Map<String, Object>>> score) {
    int total = 0;
    long start = 0;
    for (int round = 0; round < 31; round++) {
      if (round == 1) {
        start = System.nanoTime();
        total = 0;
      }
      for (int i = 0; i + batch <= rows.size(); i += batch) {
        score.accept(rows.subList(i, i + batch));
        total += batch;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // A command's output, not logging.
    System.out.println(
        String.format(
            Locale.ROOT,
            "%-16s %,10.0f rows/s (%d rows in %.2f s)",
            name,
            total / seconds,
            total,
            seconds));
  }
}
