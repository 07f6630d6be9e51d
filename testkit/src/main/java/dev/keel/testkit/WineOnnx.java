package dev.keel.testkit;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * Real ONNX models for tests, made here and never committed: Tribuo models trained on the red wine
 * data set and exported with Tribuo's own ONNX export, plus rewrites of their graphs into the other
 * layouts Keel serves (one input per feature; the sklearn-onnx label + ZipMap outputs). Also
 * Tribuo's own predictions, to compare with.
 */
public final class WineOnnx {

  /**
   * A trained Tribuo model, its ONNX export, its feature names in ONNX column order and its class
   * labels.
   */
  public record Trained<T extends Output<T>>(
      Model<T> model, byte[] onnx, List<String> features, List<String> labels) {

    /**
     * Tribuo's own prediction: class probabilities by label, or the regression value under key
     * "value".
     */
    public Map<String, Double> tribuo(Map<String, Object> row) {
      String[] names = features.toArray(String[]::new);
      double[] values =
          features.stream().mapToDouble(f -> ((Number) row.get(f)).doubleValue()).toArray();
      Prediction<T> p = model.predict(new ArrayExample<>(unknown(), names, values));
      Map<String, Double> out = new TreeMap<>();
      if (p.getOutput() instanceof Regressor r) {
        out.put("value", r.getValues()[0]);
      } else {
        p.getOutputScores().forEach((k, v) -> out.put(k, ((Label) v).getScore()));
      }
      return out;
    }

    @SuppressWarnings("unchecked")
    private T unknown() {
      return (T)
          (labels == null ? RegressionFactory.UNKNOWN_REGRESSOR : LabelFactory.UNKNOWN_LABEL);
    }
  }

  private WineOnnx() {}

  public static Path data() {
    Path path =
        Path.of("..", "..", "shared", "data", "wine-quality-red.csv").toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          "test data " + path + " is missing: ../shared/data must sit beside the repo");
    }
    return path;
  }

  /** Every row of the red wine data set, {@code column → number} (quality included). */
  public static List<Map<String, Object>> rows() {
    try {
      List<String> lines = Files.readAllLines(data());
      String[] header = lines.get(0).split(",");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split(",");
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
          row.put(header[i], Double.parseDouble(cells[i]));
        }
        rows.add(row);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The eleven features (every column but quality). */
  public static List<String> featureColumns() {
    return rows().get(0).keySet().stream().filter(c -> !c.equals("quality")).toList();
  }

  /** Multinomial logistic regression of quality (six classes, "3" to "8"). */
  public static Trained<Label> classifier() {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("wine", factory), factory);
    List<String> features = featureColumns();
    for (Map<String, Object> row : rows()) {
      String quality = Long.toString(Math.round((Double) row.get("quality")));
      data.add(example(new Label(quality), features, row));
    }
    Model<Label> model = new LogisticRegressionTrainer().train(data);
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < model.getOutputIDInfo().size(); i++) {
      labels.add(model.getOutputIDInfo().getOutput(i).getLabel());
    }
    return new Trained<>(model, export(model), onnxOrder(model), labels);
  }

  /** Linear regression of quality. */
  public static Trained<Regressor> regression() {
    RegressionFactory factory = new RegressionFactory();
    MutableDataset<Regressor> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("wine", factory), factory);
    List<String> features = featureColumns();
    for (Map<String, Object> row : rows()) {
      data.add(example(new Regressor("quality", (Double) row.get("quality")), features, row));
    }
    Model<Regressor> model =
        new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.1), 5, 42L).train(data);
    return new Trained<>(model, export(model), onnxOrder(model), null);
  }

  private static <T extends Output<T>> ArrayExample<T> example(
      T output, List<String> features, Map<String, Object> row) {
    return new ArrayExample<>(
        output,
        features.toArray(String[]::new),
        features.stream().mapToDouble(f -> (Double) row.get(f)).toArray());
  }

  private static byte[] export(Model<?> model) {
    return ((ONNXExportable) model).exportONNXModel("dev.keel.test", 1).toByteArray();
  }

  /** Tribuo feeds features to ONNX in the order of their ids. */
  private static List<String> onnxOrder(Model<?> model) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < model.getFeatureIDMap().size(); i++) {
      names.add(model.getFeatureIDMap().get(i).getName());
    }
    return names;
  }

  /**
   * The same model with one float input [N,1] per feature, named as the feature, concatenated in
   * front.
   */
  public static byte[] perFeatureInputs(byte[] onnx, List<String> features) {
    ModelProto model = parse(onnx);
    GraphProto.Builder graph = model.getGraph().toBuilder();
    String matrix = graph.getInput(0).getName();
    graph.clearInput();
    for (String f : features) {
      graph.addInput(ValueInfoProto.newBuilder().setName(f).setType(floatTensor(1)));
    }
    graph.addNode(
        0,
        NodeProto.newBuilder()
            .setName("keel_concat")
            .setOpType("Concat")
            .addAllInput(features)
            .addOutput(matrix)
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("axis")
                    .setType(AttributeProto.AttributeType.INT)
                    .setI(1)));
    return model.toBuilder().setGraph(graph).build().toByteArray();
  }

  /**
   * The same classifier with sklearn-onnx's outputs: {@code output_label} (int64 [N], the most
   * probable class) and {@code output_probability} (a sequence of maps class → probability, by
   * ZipMap).
   */
  public static byte[] sklearnStyle(byte[] onnx, List<String> labels) {
    ModelProto model = parse(onnx);
    GraphProto.Builder graph = model.getGraph().toBuilder();
    String probabilities = graph.getOutput(0).getName();
    List<Long> ids = labels.stream().map(Long::parseLong).toList();
    graph.clearOutput();
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName("keel_class_ids")
            .setDataType(TensorProto.DataType.INT64.getNumber())
            .addDims(ids.size())
            .addAllInt64Data(ids));
    graph.addNode(
        NodeProto.newBuilder()
            .setName("keel_argmax")
            .setOpType("ArgMax")
            .addInput(probabilities)
            .addOutput("keel_best")
            .addAttribute(intAttribute("axis", 1))
            .addAttribute(intAttribute("keepdims", 0)));
    graph.addNode(
        NodeProto.newBuilder()
            .setName("keel_label")
            .setOpType("Gather")
            .addInput("keel_class_ids")
            .addInput("keel_best")
            .addOutput("output_label")
            .addAttribute(intAttribute("axis", 0)));
    graph.addNode(
        NodeProto.newBuilder()
            .setName("keel_zipmap")
            .setOpType("ZipMap")
            .setDomain("ai.onnx.ml")
            .addInput(probabilities)
            .addOutput("output_probability")
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("classlabels_int64s")
                    .setType(AttributeProto.AttributeType.INTS)
                    .addAllInts(ids)));
    graph.addOutput(
        ValueInfoProto.newBuilder()
            .setName("output_label")
            .setType(
                TypeProto.newBuilder()
                    .setTensorType(
                        TypeProto.Tensor.newBuilder()
                            .setElemType(TensorProto.DataType.INT64.getNumber())
                            .setShape(
                                TensorShapeProto.newBuilder()
                                    .addDim(
                                        TensorShapeProto.Dimension.newBuilder()
                                            .setDimParam("batch"))))));
    graph.addOutput(
        ValueInfoProto.newBuilder()
            .setName("output_probability")
            .setType(
                TypeProto.newBuilder()
                    .setSequenceType(
                        TypeProto.Sequence.newBuilder()
                            .setElemType(
                                TypeProto.newBuilder()
                                    .setMapType(
                                        TypeProto.Map.newBuilder()
                                            .setKeyType(TensorProto.DataType.INT64.getNumber())
                                            .setValueType(
                                                TypeProto.newBuilder()
                                                    .setTensorType(
                                                        TypeProto.Tensor.newBuilder()
                                                            .setElemType(
                                                                TensorProto.DataType.FLOAT
                                                                    .getNumber()))))))));
    ModelProto.Builder out = model.toBuilder().setGraph(graph);
    if (model.getOpsetImportList().stream().noneMatch(o -> o.getDomain().equals("ai.onnx.ml"))) {
      out.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(1));
    }
    return out.build().toByteArray();
  }

  private static AttributeProto intAttribute(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  private static TypeProto floatTensor(long width) {
    return TypeProto.newBuilder()
        .setTensorType(
            TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber())
                .setShape(
                    TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))))
        .build();
  }

  private static ModelProto parse(byte[] onnx) {
    try {
      return ModelProto.parseFrom(onnx);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
