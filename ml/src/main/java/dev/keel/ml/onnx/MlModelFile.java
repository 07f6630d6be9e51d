package dev.keel.ml.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.keel.workflows.contract.ColumnSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What Keel reads from an MLflow {@code MLmodel} file (YAML): the ONNX flavor's model file name
 * ({@code flavors.onnx.data}), the input signature ({@code signature.inputs}, a JSON text of column
 * specs {@code [{"name": ..., "type": "double"|"float"|"long"|"integer"|"boolean"|"string"}]} or
 * tensor specs), and, in the free-form {@code metadata}, {@code labels} (class labels in score
 * order) and {@code features} (feature names in column order of a single [N,k] input), each a YAML
 * list or a comma-separated text.
 *
 * @param columns the column-spec signature, or null when the file has none (or only tensor specs)
 */
public record MlModelFile(
    String dataFile, List<ColumnSpec> columns, List<String> features, List<String> labels) {

  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Parses an MLmodel file; {@link OnnxImportException} naming the field that is malformed. */
  public static MlModelFile parse(String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new OnnxImportException("MLmodel is not valid YAML: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new OnnxImportException(
          "MLmodel: expected a YAML mapping with 'flavors' and 'signature'");
    }
    JsonNode data = root.path("flavors").path("onnx").path("data");
    String dataFile = data.isTextual() && !data.textValue().isBlank() ? data.textValue() : null;
    JsonNode metadata = root.path("metadata");
    return new MlModelFile(
        dataFile,
        columns(root.path("signature").path("inputs")),
        names(metadata.path("features"), "metadata.features"),
        names(metadata.path("labels"), "metadata.labels"));
  }

  private static List<ColumnSpec> columns(JsonNode inputs) {
    if (inputs.isMissingNode() || inputs.isNull()) {
      return null;
    }
    JsonNode specs;
    try {
      specs = inputs.isTextual() ? JSON.readTree(inputs.textValue()) : inputs;
    } catch (JsonProcessingException e) {
      throw new OnnxImportException(
          "MLmodel signature.inputs is not a JSON list of column or tensor specs: "
              + e.getOriginalMessage());
    }
    if (specs == null || !specs.isArray()) {
      throw new OnnxImportException(
          "MLmodel signature.inputs: expected a JSON list of column or tensor specs");
    }
    List<ColumnSpec> columns = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      JsonNode spec = specs.get(i);
      String type = spec.path("type").asText(null);
      if ("tensor".equals(type)) {
        return null; // tensor specs name no features: names come from the ONNX inputs or are given
      }
      String name = spec.path("name").asText(null);
      if (name == null || name.isBlank()) {
        throw new OnnxImportException(
            "MLmodel signature.inputs[" + i + "]: a column spec needs a 'name'");
      }
      columns.add(
          new ColumnSpec(
              name, keelType(type, "MLmodel signature.inputs[" + i + "] (" + name + ")")));
    }
    return columns;
  }

  private static String keelType(String type, String where) {
    if (type == null) {
      throw new OnnxImportException(where + ": a column spec needs a 'type'");
    }
    return switch (type) {
      case "double", "float", "long", "integer", "boolean" -> ColumnSpec.NUMERIC;
      case "string" -> ColumnSpec.CATEGORICAL;
      default ->
          throw new OnnxImportException(
              where
                  + ": column type '"
                  + type
                  + "' cannot be served; expected "
                  + "double, float, long, integer, boolean or string");
    };
  }

  /** A list of names from a YAML list or a comma-separated text; null when absent. */
  static List<String> names(JsonNode node, String where) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isTextual()) {
      return Arrays.stream(node.textValue().split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .toList();
    }
    if (node.isArray()) {
      List<String> out = new ArrayList<>();
      node.forEach(
          n -> {
            if (!n.isValueNode() || n.isNull()) {
              throw new OnnxImportException("MLmodel " + where + ": expected a list of names");
            }
            out.add(n.asText());
          });
      return out;
    }
    throw new OnnxImportException(
        "MLmodel " + where + ": expected a list of names or a comma-separated text");
  }
}
