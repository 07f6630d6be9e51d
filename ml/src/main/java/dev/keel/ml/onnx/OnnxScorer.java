package dev.keel.ml.onnx;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.keel.ml.training.ModelScorer.Scored;
import dev.keel.ml.training.RowScorer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores rows with an imported ONNX model as its {@link OnnxSpec} says: one session per model,
 * opened once and shared by all requests (ONNX Runtime sessions run concurrently), one session run
 * per batch of rows. Rows must already be checked against {@link OnnxSpec#signature()}: numbers for
 * numeric features, texts for categorical ones.
 */
public final class OnnxScorer implements RowScorer, AutoCloseable {

  private final OrtSession session;
  private final OnnxSpec spec;

  private OnnxScorer(OrtSession session, OnnxSpec spec) {
    this.session = session;
    this.spec = spec;
  }

  /** Opens a model for scoring; {@link OnnxImportException} when ONNX Runtime refuses it. */
  public static OnnxScorer open(byte[] model, OnnxSpec spec) {
    return new OnnxScorer(OnnxRuntime.open(model), spec);
  }

  public OnnxSpec spec() {
    return spec;
  }

  @Override
  public List<Scored> predictAll(List<Map<String, Object>> rows) {
    Map<String, OnnxTensor> feeds = new HashMap<>();
    try {
      feed(rows, feeds);
      try (OrtSession.Result result = session.run(feeds)) {
        return spec.classifier() ? classify(result, rows.size()) : regress(result, rows.size());
      }
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime failed to score " + rows.size() + " rows: " + e.getMessage(), e);
    } finally {
      feeds.values().forEach(OnnxTensor::close);
    }
  }

  private void feed(List<Map<String, Object>> rows, Map<String, OnnxTensor> feeds)
      throws OrtException {
    int n = rows.size();
    if (OnnxSpec.MATRIX.equals(spec.layout())) {
      int k = spec.features().size();
      long[] shape = {n, k};
      if ("double".equals(spec.features().get(0).tensorType())) {
        DoubleBuffer b = DoubleBuffer.allocate(n * k);
        rows.forEach(r -> spec.features().forEach(f -> b.put(number(r, f.name()))));
        feeds.put(
            spec.matrixInput(), OnnxTensor.createTensor(OnnxRuntime.env(), b.rewind(), shape));
      } else {
        FloatBuffer b = FloatBuffer.allocate(n * k);
        rows.forEach(r -> spec.features().forEach(f -> b.put((float) number(r, f.name()))));
        feeds.put(
            spec.matrixInput(), OnnxTensor.createTensor(OnnxRuntime.env(), b.rewind(), shape));
      }
      return;
    }
    for (OnnxSpec.Feature f : spec.features()) {
      long[] shape = f.rank() == 1 ? new long[] {n} : new long[] {n, 1};
      OnnxTensor t =
          switch (f.tensorType()) {
            case "string" ->
                OnnxTensor.createTensor(
                    OnnxRuntime.env(),
                    rows.stream().map(r -> String.valueOf(r.get(f.name()))).toArray(String[]::new),
                    shape);
            case "double" ->
                OnnxTensor.createTensor(
                    OnnxRuntime.env(),
                    DoubleBuffer.wrap(
                        rows.stream().mapToDouble(r -> number(r, f.name())).toArray()),
                    shape);
            case "int64" ->
                OnnxTensor.createTensor(
                    OnnxRuntime.env(),
                    LongBuffer.wrap(
                        rows.stream().mapToLong(r -> Math.round(number(r, f.name()))).toArray()),
                    shape);
            case "int32" ->
                OnnxTensor.createTensor(
                    OnnxRuntime.env(),
                    IntBuffer.wrap(
                        rows.stream()
                            .mapToInt(r -> (int) Math.round(number(r, f.name())))
                            .toArray()),
                    shape);
            default -> {
              FloatBuffer b = FloatBuffer.allocate(n);
              rows.forEach(r -> b.put((float) number(r, f.name())));
              yield OnnxTensor.createTensor(OnnxRuntime.env(), b.rewind(), shape);
            }
          };
      feeds.put(f.name(), t);
    }
  }

  private static double number(Map<String, Object> row, String feature) {
    Object v = row.get(feature);
    if (v instanceof Number number) {
      return number.doubleValue();
    }
    throw new IllegalArgumentException(
        "feature '"
            + feature
            + "' is "
            + (v == null ? "missing" : "'" + v + "'")
            + ", expected a number");
  }

  private List<Scored> regress(OrtSession.Result result, int n) throws OrtException {
    double[] values = floats((OnnxTensor) output(result, spec.scoresOutput()));
    int width = values.length / Math.max(1, n);
    List<Scored> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new Scored(null, Map.of(), values[i * width]));
    }
    return out;
  }

  private List<Scored> classify(OrtSession.Result result, int n) throws OrtException {
    OnnxValue scores = output(result, spec.scoresOutput());
    List<String> predicted =
        spec.labelOutput() == null ? null : labels((OnnxTensor) output(result, spec.labelOutput()));
    List<Map<String, Double>> probabilities =
        scores instanceof OnnxSequence seq ? maps(seq) : columns(floats((OnnxTensor) scores), n);
    List<Scored> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Double> p = probabilities.get(i);
      String label =
          predicted != null
              ? predicted.get(i)
              : p.entrySet().stream()
                  .max(Map.Entry.comparingByValue())
                  .map(Map.Entry::getKey)
                  .orElseThrow();
      out.add(new Scored(label, p, null));
    }
    return out;
  }

  /**
   * Probabilities of a [N,classes] tensor, keyed by the spec's labels; when the spec gives none, by
   * column.
   */
  private List<Map<String, Double>> columns(double[] values, int n) {
    int classes = values.length / Math.max(1, n);
    if (spec.labels() != null && spec.labels().size() != classes) {
      throw new IllegalStateException(
          "output '"
              + spec.scoresOutput()
              + "' gave "
              + classes
              + " class scores for "
              + spec.labels().size()
              + " labels");
    }
    List<Map<String, Double>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<String, Double> p = new TreeMap<>();
      for (int c = 0; c < classes; c++) {
        p.put(
            spec.labels() == null ? Integer.toString(c) : spec.labels().get(c),
            values[i * classes + c]);
      }
      out.add(Collections.unmodifiableMap(p));
    }
    return out;
  }

  private static List<Map<String, Double>> maps(OnnxSequence seq) throws OrtException {
    List<Map<String, Double>> out = new ArrayList<>();
    for (OnnxValue v : seq.getValue()) {
      Map<String, Double> p = new TreeMap<>();
      ((OnnxMap) v)
          .getValue()
          .forEach((k, x) -> p.put(String.valueOf(k), ((Number) x).doubleValue()));
      out.add(Collections.unmodifiableMap(p));
    }
    return out;
  }

  private static List<String> labels(OnnxTensor t) throws OrtException {
    Object v = t.getValue();
    List<String> out = new ArrayList<>();
    if (v instanceof String[] a) {
      Collections.addAll(out, a);
    } else if (v instanceof String[][] a) {
      for (String[] row : a) {
        out.add(row[0]);
      }
    } else {
      LongBuffer b = t.getLongBuffer();
      while (b.hasRemaining()) {
        out.add(Long.toString(b.get()));
      }
    }
    return out;
  }

  private static double[] floats(OnnxTensor t) {
    if (t.getInfo().type == ai.onnxruntime.OnnxJavaType.DOUBLE) {
      DoubleBuffer b = t.getDoubleBuffer();
      double[] out = new double[b.remaining()];
      b.get(out);
      return out;
    }
    FloatBuffer b = t.getFloatBuffer();
    double[] out = new double[b.remaining()];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.get();
    }
    return out;
  }

  private static OnnxValue output(OrtSession.Result result, String name) {
    return result
        .get(name)
        .orElseThrow(
            () -> new IllegalStateException("the model produced no output '" + name + "'"));
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close ONNX Runtime session: " + e.getMessage(), e);
    }
  }
}
