package dev.keel.engine.ops;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Random;

/**
 * Two faults a released ONNX model really has in production, made from a good export: a batch
 * dimension fixed at 1 (the graph was exported with a fixed-size example input), so every request
 * with more than one instance fails inside ONNX Runtime; and a model far too heavy for online
 * serving (a deep stack of wide dense layers whose result feeds the output), so every request is
 * slow. The predictions of both are the good model's.
 */
final class FaultyOnnx {

  private FaultyOnnx() {}

  /** The same model with its input's batch dimension fixed at 1 instead of a free {@code N}. */
  static byte[] fixedBatchOfOne(byte[] onnx) {
    ModelProto model = parse(onnx);
    GraphProto.Builder graph = model.getGraph().toBuilder();
    graph
        .getInputBuilder(0)
        .getTypeBuilder()
        .getTensorTypeBuilder()
        .getShapeBuilder()
        .setDim(0, TensorShapeProto.Dimension.newBuilder().setDimValue(1));
    return model.toBuilder().setGraph(graph).build().toByteArray();
  }

  /**
   * The same model with {@code layers} dense layers of {@code width} units (tanh) computed from its
   * input, whose mean, times zero, is added to its output: about {@code 2 * rows * width^2 *
   * layers} floating-point operations per request that change no prediction.
   */
  static byte[] heavy(byte[] onnx, int features, int width, int layers) {
    ModelProto model = parse(onnx);
    GraphProto.Builder graph = model.getGraph().toBuilder();
    String input = graph.getInput(0).getName();
    String output = graph.getOutput(0).getName();
    String raw = output + "_keel_raw";
    for (NodeProto.Builder node : graph.getNodeBuilderList()) {
      for (int i = 0; i < node.getOutputCount(); i++) {
        if (node.getOutput(i).equals(output)) {
          node.setOutput(i, raw);
        }
      }
    }
    Random random = new Random(7);
    graph.addInitializer(weights("keel_w0", features, width, random));
    graph.addInitializer(weights("keel_w", width, width, random));
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName("keel_zero")
            .setDataType(TensorProto.DataType.FLOAT.getNumber())
            .addFloatData(0f));
    String previous = input;
    for (int layer = 0; layer < layers; layer++) {
      String dense = "keel_dense_" + layer;
      graph.addNode(
          NodeProto.newBuilder()
              .setOpType("MatMul")
              .setName(dense)
              .addInput(previous)
              .addInput(layer == 0 ? "keel_w0" : "keel_w")
              .addOutput(dense));
      graph.addNode(
          NodeProto.newBuilder()
              .setOpType("Tanh")
              .setName(dense + "_tanh")
              .addInput(dense)
              .addOutput(dense + "_tanh"));
      previous = dense + "_tanh";
    }
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType("ReduceMean")
            .setName("keel_mean")
            .addInput(previous)
            .addOutput("keel_mean")
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("keepdims")
                    .setType(AttributeProto.AttributeType.INT)
                    .setI(0)));
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType("Mul")
            .setName("keel_zeroed")
            .addInput("keel_mean")
            .addInput("keel_zero")
            .addOutput("keel_zeroed"));
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType("Add")
            .setName("keel_out")
            .addInput(raw)
            .addInput("keel_zeroed")
            .addOutput(output));
    return model.toBuilder().setGraph(graph).build().toByteArray();
  }

  private static TensorProto weights(String name, int rows, int columns, Random random) {
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT.getNumber())
            .addDims(rows)
            .addDims(columns);
    float scale = (float) (1 / Math.sqrt(rows));
    for (int i = 0; i < rows * columns; i++) {
      t.addFloatData((float) random.nextGaussian() * scale);
    }
    return t.build();
  }

  private static ModelProto parse(byte[] onnx) {
    try {
      return ModelProto.parseFrom(onnx);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
