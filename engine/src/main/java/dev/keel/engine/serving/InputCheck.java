package dev.keel.engine.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.workflows.contract.ColumnSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks prediction instances against a version's signature and turns them into scorer rows. The
 * rules:
 *
 * <ul>
 *   <li>every feature of the signature must be present and not null; fields outside it are ignored;
 *   <li>a numeric feature takes a JSON number only, and a finite one: a text (even {@code "5.1"} or
 *       {@code "NaN"}), a boolean or an object is refused, as is a number too large for a double;
 *   <li>a categorical feature takes a text; a JSON number or boolean is accepted as its text
 *       ({@code 3} as {@code "3"}, {@code true} as {@code "true"}), since CSV ingest reads
 *       categories as text; objects and arrays are refused.
 * </ul>
 *
 * Each refusal is a 400 naming the instance and the feature, e.g. {@code instances[3].alcohol:
 * expected a number, got "abc"}.
 */
final class InputCheck {

  private InputCheck() {}

  static Map<String, Object> row(int index, JsonNode instance, List<ColumnSpec> signature) {
    if (instance == null || !instance.isObject()) {
      throw new InvalidInput(
          "instances[" + index + "]: expected an object of feature values, got " + shown(instance));
    }
    Map<String, Object> row = new LinkedHashMap<>();
    for (ColumnSpec column : signature) {
      String where = "instances[" + index + "]." + column.name();
      JsonNode v = instance.get(column.name());
      if (v == null || v.isNull() || v.isMissingNode()) {
        throw new InvalidInput(where + ": missing; expected " + expected(column));
      }
      if (ColumnSpec.NUMERIC.equals(column.type())) {
        if (!v.isNumber()) {
          throw new InvalidInput(where + ": expected a number, got " + shown(v));
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
          throw new InvalidInput(where + ": expected a finite number, got " + v.asText());
        }
        row.put(column.name(), d);
      } else {
        if (!v.isValueNode()) {
          throw new InvalidInput(where + ": expected a text (category), got " + shown(v));
        }
        row.put(column.name(), v.asText());
      }
    }
    return row;
  }

  private static String expected(ColumnSpec column) {
    return ColumnSpec.NUMERIC.equals(column.type()) ? "a number" : "a text (category)";
  }

  private static String shown(JsonNode v) {
    if (v == null || v.isNull()) {
      return "null";
    }
    if (v.isObject()) {
      return "an object";
    }
    if (v.isArray()) {
      return "an array";
    }
    String text = v.toString();
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
