package dev.keel.engine.serving.v2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the Open Inference Protocol (KServe's V2 inference protocol) as Keel answers
 * them; field names are the protocol's.
 */
public final class Protocol {

  private Protocol() {}

  /** Datatype of a numeric feature and of numeric outputs. */
  public static final String FP64 = "FP64";

  /** Datatype of a categorical feature and of class labels. */
  public static final String BYTES = "BYTES";

  /** {@code GET /v2}. */
  public record ServerMetadata(String name, String version, List<String> extensions) {}

  /** {@code GET /v2/health/live}. */
  public record Live(boolean live) {}

  /** {@code GET /v2/health/ready}. */
  public record Ready(boolean ready) {}

  /** {@code GET /v2/models/{name}[/versions/{version}]/ready}. */
  public record ModelReady(String name, boolean ready) {}

  /** A tensor of a model's metadata; {@code -1} in a shape is a dimension of any size. */
  public record TensorMetadata(String name, String datatype, List<Long> shape) {}

  /** {@code GET /v2/models/{name}[/versions/{version}]}. */
  public record ModelMetadata(
      String name,
      List<String> versions,
      String platform,
      List<TensorMetadata> inputs,
      List<TensorMetadata> outputs) {}

  /** An output tensor of an inference response; {@code data} in row-major order. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Tensor(
      String name,
      String datatype,
      List<Integer> shape,
      Map<String, Object> parameters,
      List<?> data) {}

  /** The answer of {@code POST /v2/models/{name}[/versions/{version}]/infer}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record InferResponse(
      @JsonProperty("model_name") String modelName,
      @JsonProperty("model_version") String modelVersion,
      String id,
      Map<String, Object> parameters,
      List<Tensor> outputs) {}

  /** Every error under {@code /v2}. */
  public record Error(String error) {}
}
