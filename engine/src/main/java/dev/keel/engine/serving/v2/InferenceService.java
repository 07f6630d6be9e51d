package dev.keel.engine.serving.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.serving.PredictResponse;
import dev.keel.engine.serving.Prediction;
import dev.keel.engine.serving.Predictor;
import dev.keel.engine.serving.ServingRegistry;
import dev.keel.ml.onnx.OnnxScorer;
import dev.keel.workflows.contract.ColumnSpec;
import dev.keel.workflows.contract.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Open Inference Protocol over Keel's serving: metadata and readiness from what the {@link
 * ServingRegistry} serves, inference through the same {@link Predictor} as {@code /v1} predict (so
 * routing, validation limits, the prediction log, metrics and health are one code path).
 *
 * <p>Outputs: a classifier answers {@value #LABEL} ({@code BYTES}, one class label per instance)
 * and {@value #PROBABILITIES} ({@code FP64}, shape {@code [N, classes]}, the class names in the
 * tensor's {@code parameters.classes}, in column order); a regression model answers {@value #VALUE}
 * ({@code FP64}, shape {@code [N]}). The ids of the logged predictions, for feedback, are in the
 * response's {@code parameters.prediction_ids}, one per instance.
 */
public final class InferenceService {

  static final String LABEL = "label";
  static final String PROBABILITIES = "probabilities";
  static final String VALUE = "value";

  private final ServingRegistry registry;
  private final Predictor predictor;
  private final ModelService models;

  public InferenceService(ServingRegistry registry, Predictor predictor, ModelService models) {
    this.registry = registry;
    this.predictor = predictor;
    this.models = models;
  }

  /** Whether this engine serves every deployed model. */
  public boolean ready() {
    return registry.ready();
  }

  /**
   * Metadata of the version of {@code model} that answers requests without a version (the
   * champion), or of {@code version}, which must be served.
   */
  public Protocol.ModelMetadata metadata(String model, Integer version) {
    ServingRegistry.Served served = predictor.served(model);
    ServingRegistry.Loaded loaded =
        version == null ? served.champion() : predictor.served(served, version);
    List<Protocol.TensorMetadata> inputs = new ArrayList<>();
    for (ColumnSpec c : loaded.signature()) {
      inputs.add(
          new Protocol.TensorMetadata(
              c.name(),
              ColumnSpec.NUMERIC.equals(c.type()) ? Protocol.FP64 : Protocol.BYTES,
              List.of(-1L)));
    }
    List<Protocol.TensorMetadata> outputs =
        classifier(served)
            ? List.of(
                new Protocol.TensorMetadata(LABEL, Protocol.BYTES, List.of(-1L)),
                new Protocol.TensorMetadata(PROBABILITIES, Protocol.FP64, List.of(-1L, -1L)))
            : List.of(new Protocol.TensorMetadata(VALUE, Protocol.FP64, List.of(-1L)));
    List<String> versions =
        served.versions().stream().map(v -> Integer.toString(v.version())).toList();
    String platform = loaded.scorer() instanceof OnnxScorer ? "onnxruntime_onnx" : "tribuo";
    return new Protocol.ModelMetadata(model, versions, platform, inputs, outputs);
  }

  /**
   * Whether {@code model} (or its {@code version}) is served by this engine: false for a model
   * without a deployment or a version not served; {@link dev.keel.engine.errors.NotFound} for a
   * model or version that does not exist.
   */
  public boolean ready(String model, Integer version) {
    ServingRegistry.Served served = registry.served(model).orElse(null);
    if (served != null && (version == null || served.version(version).isPresent())) {
      return true;
    }
    if (version == null) {
      models.row(model);
    } else {
      models.version(model, version);
    }
    return false;
  }

  /** Answers an inference request with {@code version}, or as {@code /v1} routes it when null. */
  public Protocol.InferResponse infer(String model, Integer version, JsonNode body) {
    ServingRegistry.Served served = registry.served(model).orElse(null);
    String id = id(body);
    Set<String> wanted = served == null ? Set.of() : outputs(body, classifier(served));
    PredictResponse answer =
        predictor.predict(
            model,
            version,
            new TensorInstances(body, served == null ? null : served.subjectColumn()));
    List<Prediction> predictions = answer.predictions();
    int n = predictions.size();
    List<Protocol.Tensor> outputs = new ArrayList<>();
    boolean classified = !predictions.isEmpty() && predictions.get(0).label() != null;
    if (classified) {
      if (wanted.isEmpty() || wanted.contains(LABEL)) {
        outputs.add(
            new Protocol.Tensor(
                LABEL,
                Protocol.BYTES,
                List.of(n),
                null,
                predictions.stream().map(Prediction::label).toList()));
      }
      List<String> classes = classes(predictions);
      if (!classes.isEmpty() && (wanted.isEmpty() || wanted.contains(PROBABILITIES))) {
        List<Double> data = new ArrayList<>(n * classes.size());
        for (Prediction p : predictions) {
          for (String c : classes) {
            data.add(p.probabilities().getOrDefault(c, 0.0));
          }
        }
        outputs.add(
            new Protocol.Tensor(
                PROBABILITIES,
                Protocol.FP64,
                List.of(n, classes.size()),
                Map.of("classes", classes),
                data));
      }
    } else {
      outputs.add(
          new Protocol.Tensor(
              VALUE,
              Protocol.FP64,
              List.of(n),
              null,
              predictions.stream().map(Prediction::value).toList()));
    }
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put(
        "prediction_ids", answer.predictionIds().stream().map(Object::toString).toList());
    return new Protocol.InferResponse(
        model, Integer.toString(answer.modelVersion()), id, parameters, outputs);
  }

  private static boolean classifier(ServingRegistry.Served served) {
    return !ModelSpec.REGRESSION.equals(served.task());
  }

  /** The classes of the probabilities, in the (sorted) order the scorer gives them. */
  private static List<String> classes(List<Prediction> predictions) {
    Set<String> classes = new LinkedHashSet<>();
    for (Prediction p : predictions) {
      if (p.probabilities() != null) {
        classes.addAll(p.probabilities().keySet());
      }
    }
    return List.copyOf(classes);
  }

  /** The request's {@code id}, echoed in the response; null when it has none. */
  private static String id(JsonNode body) {
    JsonNode id = body == null ? null : body.get("id");
    if (id == null || id.isNull()) {
      return null;
    }
    if (!id.isTextual()) {
      throw new InvalidInput(
          "field 'id': expected a text identifying the request, got " + TensorInstances.shown(id));
    }
    return id.asText();
  }

  /**
   * The outputs the request asks for (empty: all), each an output of the model; the {@code
   * parameters} of a requested output are ignored.
   */
  private static Set<String> outputs(JsonNode body, boolean classifier) {
    JsonNode requested = body == null || !body.isObject() ? null : body.get("outputs");
    if (requested == null || requested.isNull()) {
      return Set.of();
    }
    List<String> known = classifier ? List.of(LABEL, PROBABILITIES) : List.of(VALUE);
    if (!requested.isArray()) {
      throw new InvalidInput(
          "field 'outputs': expected an array of {\"name\": ...} naming outputs among "
              + String.join(", ", known));
    }
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < requested.size(); i++) {
      JsonNode name = requested.get(i).path("name");
      if (!name.isTextual() || !known.contains(name.asText())) {
        throw new InvalidInput(
            "outputs["
                + i
                + "].name: expected one of this model's outputs "
                + String.join(", ", known)
                + ", got "
                + TensorInstances.shown(requested.get(i).get("name")));
      }
      names.add(name.asText());
    }
    return names;
  }
}
