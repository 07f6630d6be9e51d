package dev.keel.ml.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.keel.workflows.contract.ColumnSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens an ONNX model in ONNX Runtime and works out how to serve it (an {@link OnnxSpec}), or says
 * precisely why it cannot be served.
 *
 * <p>Inputs, in this order: the MLmodel file's column signature when present; else the ONNX inputs
 * themselves when each is a tensor [N,1] or [N] named as its feature; else, for a single float
 * input [N,k], the feature names given as a hint (release parameter or version tag) or in the
 * MLmodel's {@code metadata.features}.
 *
 * <p>Outputs: either (a) one float tensor — [N,classes] of probabilities with class labels given as
 * a hint or in the MLmodel's {@code metadata.labels}, or [N,1] / [N] for a regression — or (b) the
 * sklearn-onnx convention: a label tensor (int64 or string) beside the probabilities, as a sequence
 * of maps (ZipMap) or as a float tensor [N,classes] with labels given.
 */
public final class OnnxInspector {

  private OnnxInspector() {}

  /** Inspects a model; {@link OnnxImportException} naming what is wrong or missing. */
  public static OnnxSpec inspect(byte[] model, OnnxHints hints) {
    MlModelFile ml = hints.mlmodel() == null ? null : MlModelFile.parse(hints.mlmodel());
    try (OrtSession session = OnnxRuntime.open(model)) {
      List<OnnxSpec.Feature> features = new ArrayList<>();
      String matrixInput = inputs(session.getInputInfo(), ml, hints, features);
      return outputs(session.getOutputInfo(), ml, hints, features, matrixInput);
    } catch (OrtException e) {
      throw new OnnxImportException(
          "ONNX Runtime cannot read the model's inputs and outputs: " + e.getMessage(), e);
    }
  }

  /** Fills {@code features}; returns the matrix input's name, or null for one input per feature. */
  private static String inputs(
      Map<String, NodeInfo> inputs,
      MlModelFile ml,
      OnnxHints hints,
      List<OnnxSpec.Feature> features) {
    if (inputs.isEmpty()) {
      throw new OnnxImportException("the model has no inputs");
    }
    for (NodeInfo input : inputs.values()) {
      if (!(input.getInfo() instanceof TensorInfo)) {
        throw new OnnxImportException(
            "input '" + input.getName() + "' is " + input.getInfo() + "; Keel feeds tensors only");
      }
    }
    List<ColumnSpec> columns = ml == null ? null : ml.columns();
    if (inputs.size() == 1) {
      NodeInfo only = inputs.values().iterator().next();
      TensorInfo t = (TensorInfo) only.getInfo();
      long[] shape = t.getShape();
      if (shape.length == 2 && shape[1] != 1) {
        matrix(
            only.getName(),
            t,
            columns,
            given(hints.features(), ml == null ? null : ml.features()),
            features);
        return only.getName();
      }
    }
    for (NodeInfo input : inputs.values()) {
      TensorInfo t = (TensorInfo) input.getInfo();
      long[] shape = t.getShape();
      if (!(shape.length == 1 || shape.length == 2 && shape[1] == 1)) {
        throw new OnnxImportException(
            "input '"
                + input.getName()
                + "' has shape "
                + shape(shape)
                + "; with "
                + inputs.size()
                + " inputs Keel expects one tensor [N,1] or [N] per feature, named as the feature");
      }
      String type = keelType(input.getName(), t);
      if (columns != null) {
        ColumnSpec column =
            columns.stream()
                .filter(c -> c.name().equals(input.getName()))
                .findFirst()
                .orElseThrow(
                    () ->
                        new OnnxImportException(
                            "MLmodel signature.inputs has no column for ONNX input '"
                                + input.getName()
                                + "'; its columns are "
                                + columns.stream().map(ColumnSpec::name).toList()));
        if (!column.type().equals(type)) {
          throw new OnnxImportException(
              "input '"
                  + input.getName()
                  + "' is a "
                  + t.type
                  + " tensor but MLmodel "
                  + "signature.inputs declares it "
                  + column.type());
        }
      }
      features.add(new OnnxSpec.Feature(input.getName(), type, tensorType(t.type), shape.length));
    }
    return null;
  }

  private static void matrix(
      String name,
      TensorInfo t,
      List<ColumnSpec> columns,
      List<String> given,
      List<OnnxSpec.Feature> features) {
    if (t.type != OnnxJavaType.FLOAT && t.type != OnnxJavaType.DOUBLE) {
      throw new OnnxImportException(
          "input '"
              + name
              + "' is a "
              + t.type
              + " tensor "
              + shape(t.getShape())
              + "; a single input with several columns must be float or double");
    }
    long width = t.getShape()[1];
    List<String> names;
    if (columns != null) {
      for (ColumnSpec c : columns) {
        if (!ColumnSpec.NUMERIC.equals(c.type())) {
          throw new OnnxImportException(
              "MLmodel signature.inputs declares column '"
                  + c.name()
                  + "' as "
                  + c.type()
                  + ", but input '"
                  + name
                  + "' is a "
                  + t.type
                  + " tensor of numbers");
        }
      }
      names = columns.stream().map(ColumnSpec::name).toList();
    } else if (given != null) {
      names = given;
    } else {
      throw new OnnxImportException(
          "input '"
              + name
              + "' is one "
              + t.type.toString().toLowerCase()
              + " tensor "
              + shape(t.getShape())
              + " without feature names: give them in column order as the release parameter "
              + "'features', the version tag 'keel.features', MLmodel metadata.features, or an MLmodel signature with "
              + "column specs");
    }
    if (width > 0 && names.size() != width) {
      throw new OnnxImportException(
          "input '"
              + name
              + "' has "
              + width
              + " columns but "
              + names.size()
              + " feature names were given: "
              + names);
    }
    if (names.stream().distinct().count() != names.size()) {
      throw new OnnxImportException("feature names repeat: " + names);
    }
    for (String n : names) {
      features.add(new OnnxSpec.Feature(n, ColumnSpec.NUMERIC, tensorType(t.type), 2));
    }
  }

  private static OnnxSpec outputs(
      Map<String, NodeInfo> outputs,
      MlModelFile ml,
      OnnxHints hints,
      List<OnnxSpec.Feature> features,
      String matrixInput) {
    String layout = matrixInput == null ? OnnxSpec.COLUMNS : OnnxSpec.MATRIX;
    List<String> labels = given(hints.labels(), ml == null ? null : ml.labels());
    Optional<NodeInfo> zipMap =
        outputs.values().stream()
            .filter(o -> o.getInfo() instanceof SequenceInfo s && s.isSequenceOfMaps())
            .findFirst();
    List<NodeInfo> tensors =
        outputs.values().stream().filter(o -> o.getInfo() instanceof TensorInfo).toList();
    Optional<NodeInfo> labelTensor =
        tensors.stream()
            .filter(
                o -> {
                  TensorInfo t = (TensorInfo) o.getInfo();
                  return (t.type == OnnxJavaType.INT64 || t.type == OnnxJavaType.STRING)
                      && t.getShape().length <= 2;
                })
            .findFirst();
    List<NodeInfo> floats =
        tensors.stream()
            .filter(
                o -> {
                  OnnxJavaType type = ((TensorInfo) o.getInfo()).type;
                  return type == OnnxJavaType.FLOAT || type == OnnxJavaType.DOUBLE;
                })
            .toList();
    if (zipMap.isPresent()) {
      if (labelTensor.isEmpty()) {
        throw new OnnxImportException(
            "output '"
                + zipMap.get().getName()
                + "' holds class probabilities, but no "
                + "output holds the predicted label (an int64 or string tensor [N])");
      }
      return new OnnxSpec(
          layout,
          matrixInput,
          features,
          OnnxSpec.CLASSIFICATION,
          zipMap.get().getName(),
          labelTensor.get().getName(),
          null);
    }
    if (labelTensor.isPresent() && floats.size() == 1) {
      NodeInfo scores = floats.get(0);
      classes(scores, labels, "a label output '" + labelTensor.get().getName() + "' beside it");
      return new OnnxSpec(
          layout,
          matrixInput,
          features,
          OnnxSpec.CLASSIFICATION,
          scores.getName(),
          labelTensor.get().getName(),
          labels);
    }
    if (floats.size() != 1 || outputs.size() != 1) {
      throw new OnnxImportException(
          "the model's outputs are "
              + describe(outputs)
              + "; Keel reads one float tensor "
              + "([N,classes] of probabilities, or [N,1] / [N] for a regression), or a label tensor with probabilities "
              + "(the sklearn-onnx convention)");
    }
    NodeInfo out = floats.get(0);
    long[] shape = ((TensorInfo) out.getInfo()).getShape();
    if (labels == null && (shape.length == 1 || shape.length == 2 && shape[1] == 1)) {
      return new OnnxSpec(
          layout, matrixInput, features, OnnxSpec.REGRESSION, out.getName(), null, null);
    }
    classes(out, labels, null);
    return new OnnxSpec(
        layout, matrixInput, features, OnnxSpec.CLASSIFICATION, out.getName(), null, labels);
  }

  /** Checks class labels against a [N,classes] scores tensor. */
  private static void classes(NodeInfo scores, List<String> labels, String besides) {
    long[] shape = ((TensorInfo) scores.getInfo()).getShape();
    if (shape.length != 2) {
      throw new OnnxImportException(
          "output '"
              + scores.getName()
              + "' has shape "
              + shape(shape)
              + "; class probabilities must be [N,classes]");
    }
    if (labels == null) {
      throw new OnnxImportException(
          "output '"
              + scores.getName()
              + "' gives "
              + (shape[1] > 0 ? shape[1] : "")
              + " class scores "
              + shape(shape)
              + (besides == null ? "" : " with " + besides)
              + " but no class labels were given: give them in score order as the release parameter 'labels', the "
              + "version tag 'keel.labels' or MLmodel metadata.labels");
    }
    if (labels.size() < 2) {
      throw new OnnxImportException("class labels " + labels + ": a classifier needs at least two");
    }
    if (shape[1] > 0 && shape[1] != labels.size()) {
      throw new OnnxImportException(
          "output '"
              + scores.getName()
              + "' gives "
              + shape[1]
              + " class scores but "
              + labels.size()
              + " class labels were given: "
              + labels);
    }
    if (labels.stream().distinct().count() != labels.size()) {
      throw new OnnxImportException("class labels repeat: " + labels);
    }
  }

  private static List<String> given(List<String> hint, List<String> fromMlModel) {
    return hint != null ? hint : fromMlModel;
  }

  private static String keelType(String name, TensorInfo t) {
    return switch (t.type) {
      case FLOAT, DOUBLE, INT64, INT32 -> ColumnSpec.NUMERIC;
      case STRING -> ColumnSpec.CATEGORICAL;
      default -> unsupported(name, t);
    };
  }

  private static String unsupported(String name, TensorInfo t) {
    throw new OnnxImportException(
        "input '"
            + name
            + "' is a "
            + t.type
            + " tensor; Keel feeds float, double, "
            + "int64, int32 or string inputs");
  }

  static String tensorType(OnnxJavaType type) {
    return switch (type) {
      case FLOAT -> "float";
      case DOUBLE -> "double";
      case INT64 -> "int64";
      case STRING -> "string";
      default -> "int32";
    };
  }

  static String shape(long[] shape) {
    return Arrays.toString(
            Arrays.stream(shape).mapToObj(d -> d < 0 ? "N" : Long.toString(d)).toArray())
        .replace(" ", "");
  }

  private static String describe(Map<String, NodeInfo> outputs) {
    List<String> out = new ArrayList<>();
    for (NodeInfo o : outputs.values()) {
      ValueInfo info = o.getInfo();
      out.add(
          "'"
              + o.getName()
              + "' "
              + (info instanceof TensorInfo t
                  ? t.type + " " + shape(t.getShape())
                  : info.toString()));
    }
    return String.join(", ", out);
  }
}
