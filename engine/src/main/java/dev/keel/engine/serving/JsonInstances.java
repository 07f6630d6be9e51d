package dev.keel.engine.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.workflows.contract.ColumnSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The instances of a {@code /v1} predict request: JSON objects checked by {@link InputCheck}. */
final class JsonInstances implements Instances {

  private final List<JsonNode> instances;

  JsonInstances(List<JsonNode> instances) {
    this.instances = instances;
  }

  @Override
  public int size() {
    if (instances == null || instances.isEmpty()) {
      throw new InvalidInput("field 'instances': expected a non-empty array of feature objects");
    }
    return instances.size();
  }

  @Override
  public String where() {
    return "field 'instances'";
  }

  @Override
  public List<Map<String, Object>> rows(List<ColumnSpec> signature) {
    List<Map<String, Object>> rows = new ArrayList<>(instances.size());
    for (int i = 0; i < instances.size(); i++) {
      rows.add(InputCheck.row(i, instances.get(i), signature));
    }
    return rows;
  }

  @Override
  public String subject(int index, String column) {
    JsonNode instance = instances.get(index);
    JsonNode subject = instance == null ? null : instance.get(column);
    return subject == null || !(subject.isTextual() || subject.isNumber())
        ? null
        : subject.asText();
  }
}
