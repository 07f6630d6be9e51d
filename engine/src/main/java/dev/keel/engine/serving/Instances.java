package dev.keel.engine.serving;

import dev.keel.workflows.contract.ColumnSpec;
import java.util.List;
import java.util.Map;

/**
 * The instances of one predict request in the shape its protocol sends them: rows of {@code feature
 * → value} for {@code /v1}, one tensor per feature for the Open Inference Protocol. The {@link
 * Predictor} asks for the count first (to refuse an empty or oversized batch), then for the scorer
 * rows checked against the signature of the version the request is routed to.
 */
public interface Instances {

  /**
   * How many instances the request carries; an {@link dev.keel.engine.errors.InvalidInput} when it
   * carries none, or none in a readable shape.
   */
  int size();

  /** Where the instances are in the request, for messages, e.g. {@code field 'instances'}. */
  String where();

  /**
   * The scorer rows, one per instance, checked against {@code signature}: an {@link
   * dev.keel.engine.errors.InvalidInput} naming the instance (or tensor) and feature otherwise.
   */
  List<Map<String, Object>> rows(List<ColumnSpec> signature);

  /**
   * The data subject's id that instance {@code index} carries under {@code column} (as text), or
   * null.
   */
  String subject(int index, String column);
}
