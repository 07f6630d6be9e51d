package dev.keel.engine.serving.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.engine.serving.Instances;
import dev.keel.workflows.contract.ColumnSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instances of an inference request: one named tensor per feature, each holding one value per
 * instance. The rules:
 *
 * <ul>
 *   <li>{@code inputs} is a non-empty array of {@code {name, datatype, shape, data}}, one tensor
 *       per name; {@code shape} is {@code [N]} or {@code [N, 1]} with the same {@code N} for every
 *       tensor, and {@code data} (flat or nested, row-major) holds exactly {@code N} values;
 *   <li>every feature of the signature has its tensor, and every tensor is a feature (or the
 *       model's subject column, which is logged for erasure and not scored);
 *   <li>a numeric feature's tensor is {@code FP64} (also read: {@code FP32}, {@code FP16} and the
 *       integer types, whose values must be integers) of finite numbers; a categorical feature's is
 *       {@code BYTES} of texts.
 * </ul>
 *
 * Each refusal is a 400 naming the tensor and what was expected, e.g. {@code inputs[3] ('alcohol')
 * data[7]: expected a finite number, got "abc"}.
 */
final class TensorInstances implements Instances {

  static final Set<String> INTEGERS =
      Set.of("INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64");
  static final Set<String> NUMBERS =
      Set.of(
          "FP16",
          "FP32",
          Protocol.FP64,
          "INT8",
          "INT16",
          "INT32",
          "INT64",
          "UINT8",
          "UINT16",
          "UINT32",
          "UINT64");
  static final List<String> DATATYPES =
      List.of(
          "BOOL",
          "UINT8",
          "UINT16",
          "UINT32",
          "UINT64",
          "INT8",
          "INT16",
          "INT32",
          "INT64",
          "FP16",
          "FP32",
          Protocol.FP64,
          Protocol.BYTES);

  /** One tensor of the request, its data flattened. */
  record Input(int index, String name, String datatype, List<JsonNode> data) {
    String where() {
      return "inputs[" + index + "] ('" + name + "')";
    }
  }

  private final JsonNode body;
  private final String subjectColumn;
  private List<Input> inputs;
  private int count;

  /**
   * @param body the request body as sent
   * @param subjectColumn the model's subject column, accepted beside the features; null if none
   */
  TensorInstances(JsonNode body, String subjectColumn) {
    this.body = body;
    this.subjectColumn = subjectColumn;
  }

  @Override
  public int size() {
    parse();
    return count;
  }

  @Override
  public String where() {
    return "field 'inputs'";
  }

  @Override
  public List<Map<String, Object>> rows(List<ColumnSpec> signature) {
    parse();
    Map<String, ColumnSpec> features = new LinkedHashMap<>();
    signature.forEach(c -> features.put(c.name(), c));
    for (Input input : inputs) {
      if (!features.containsKey(input.name()) && !input.name().equals(subjectColumn)) {
        throw new InvalidInput(
            input.where()
                + ": not an input of this model version; its inputs are "
                + String.join(", ", features.keySet()));
      }
    }
    List<Map<String, Object>> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      rows.add(new LinkedHashMap<>());
    }
    for (ColumnSpec column : signature) {
      Input input = find(column.name());
      boolean numeric = ColumnSpec.NUMERIC.equals(column.type());
      if (input == null) {
        throw new InvalidInput(
            "field 'inputs': no tensor for feature '"
                + column.name()
                + "'; expected one tensor per feature, this one "
                + expected(numeric));
      }
      checkDatatype(input, column, numeric);
      for (int i = 0; i < count; i++) {
        rows.get(i).put(column.name(), value(input, i, numeric));
      }
    }
    return rows;
  }

  @Override
  public String subject(int index, String column) {
    Input input = find(column);
    if (input == null) {
      return null;
    }
    JsonNode v = input.data().get(index);
    return v.isTextual() || v.isNumber() ? v.asText() : null;
  }

  private Input find(String name) {
    for (Input input : inputs) {
      if (input.name().equals(name)) {
        return input;
      }
    }
    return null;
  }

  private static String expected(boolean numeric) {
    return numeric ? "FP64 (a numeric feature)" : "BYTES (a categorical feature, as texts)";
  }

  private static void checkDatatype(Input input, ColumnSpec column, boolean numeric) {
    boolean fits = numeric ? NUMBERS.contains(input.datatype()) : "BYTES".equals(input.datatype());
    if (!fits) {
      throw new InvalidInput(
          input.where()
              + ": datatype "
              + input.datatype()
              + ", but feature '"
              + column.name()
              + "' is "
              + (numeric ? "numeric" : "categorical")
              + "; expected "
              + expected(numeric)
              + (numeric ? "; FP32 and integer types are read as well" : ""));
    }
  }

  private static Object value(Input input, int index, boolean numeric) {
    JsonNode v = input.data().get(index);
    String where = input.where() + " data[" + index + "]";
    if (numeric) {
      if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
        throw new InvalidInput(where + ": expected a finite number, got " + shown(v));
      }
      if (INTEGERS.contains(input.datatype()) && !v.canConvertToExactIntegral()) {
        throw new InvalidInput(
            where + ": expected an integer for datatype " + input.datatype() + ", got " + v);
      }
      return v.doubleValue();
    }
    if (!v.isTextual()) {
      throw new InvalidInput(where + ": expected a text (category), got " + shown(v));
    }
    if (v.asText().indexOf('\0') >= 0) {
      throw new InvalidInput(where + ": a text must not contain the NUL character");
    }
    return v.asText();
  }

  private void parse() {
    if (inputs != null) {
      return;
    }
    if (body == null || !body.isObject()) {
      throw new InvalidInput(
          "request body: expected an inference request object {\"inputs\": [...]}, got "
              + shown(body));
    }
    JsonNode array = body.get("inputs");
    if (array == null || !array.isArray() || array.isEmpty()) {
      throw new InvalidInput(
          "field 'inputs': expected a non-empty array of tensors {name, datatype, shape, data},"
              + " one per feature");
    }
    List<Input> parsed = new ArrayList<>(array.size());
    Input first = null;
    for (int i = 0; i < array.size(); i++) {
      Input input = tensor(i, array.get(i));
      for (Input earlier : parsed) {
        if (earlier.name().equals(input.name())) {
          throw new InvalidInput(
              input.where()
                  + ": a second tensor named '"
                  + input.name()
                  + "' (the first is inputs["
                  + earlier.index()
                  + "]); send one tensor per feature");
        }
      }
      if (first != null && first.data().size() != input.data().size()) {
        throw new InvalidInput(
            input.where()
                + ": holds "
                + input.data().size()
                + " instances but "
                + first.where()
                + " holds "
                + first.data().size()
                + "; every tensor holds one value per instance");
      }
      first = first == null ? input : first;
      parsed.add(input);
    }
    if (first.data().isEmpty()) {
      throw new InvalidInput(
          "field 'inputs': the tensors hold no instances; expected at least one");
    }
    count = first.data().size();
    inputs = parsed;
  }

  private static Input tensor(int index, JsonNode t) {
    String at = "inputs[" + index + "]";
    if (t == null || !t.isObject()) {
      throw new InvalidInput(
          at + ": expected a tensor object {name, datatype, shape, data}, got " + shown(t));
    }
    JsonNode name = t.get("name");
    if (name == null || !name.isTextual() || name.asText().isEmpty()) {
      throw new InvalidInput(
          at + ".name: expected the feature's name (a text), got " + shown(name));
    }
    at = at + " ('" + name.asText() + "')";
    JsonNode datatype = t.get("datatype");
    if (datatype == null || !datatype.isTextual() || !DATATYPES.contains(datatype.asText())) {
      throw new InvalidInput(
          at
              + " datatype: expected one of "
              + String.join(", ", DATATYPES)
              + ", got "
              + shown(datatype));
    }
    JsonNode shape = t.get("shape");
    long n = instances(shape);
    if (n < 0) {
      throw new InvalidInput(
          at + " shape: expected [N] or [N, 1] for N instances, got " + shown(shape));
    }
    JsonNode data = t.get("data");
    if (data == null || !data.isArray()) {
      throw new InvalidInput(
          at
              + " data: expected the tensor's "
              + n
              + " values as a JSON array (binary tensor data is not supported), got "
              + shown(data));
    }
    List<JsonNode> flat = new ArrayList<>();
    flatten(data, flat);
    if (flat.size() != n) {
      throw new InvalidInput(
          at + ": shape " + shape + " holds " + n + " values but data has " + flat.size());
    }
    return new Input(index, name.asText(), datatype.asText(), flat);
  }

  /** N of a shape {@code [N]} or {@code [N, 1]}; -1 for any other shape. */
  private static long instances(JsonNode shape) {
    if (shape == null || !shape.isArray() || shape.isEmpty() || shape.size() > 2) {
      return -1;
    }
    for (JsonNode d : shape) {
      if (!d.isIntegralNumber() || d.asLong() < 0 || d.asLong() > Integer.MAX_VALUE) {
        return -1;
      }
    }
    if (shape.size() == 2 && shape.get(1).asLong() != 1) {
      return -1;
    }
    return shape.get(0).asLong();
  }

  /** Appends the values of {@code data} in row-major order. */
  private static void flatten(JsonNode data, List<JsonNode> into) {
    for (JsonNode v : data) {
      if (v.isArray()) {
        flatten(v, into);
      } else {
        into.add(v);
      }
    }
  }

  static String shown(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return v == null || v.isMissingNode() ? "nothing" : "null";
    }
    if (v.isObject()) {
      return "an object";
    }
    String text = v.isNumber() ? v.asText() : v.toString();
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
