package dev.keel.engine.serving.v2;

import dev.keel.engine.models.ModelService;
import dev.keel.engine.serving.Predictor;
import dev.keel.engine.serving.ServingRegistry;
import io.dropwizard.core.setup.Environment;

/** The Open Inference Protocol (V2) endpoints under {@code /v2}, and their error shape. */
public final class OpenInference {

  private OpenInference() {}

  public static void register(
      Environment env,
      ServingRegistry registry,
      Predictor predictor,
      ModelService models,
      String version) {
    InferenceService inference = new InferenceService(registry, predictor, models);
    env.jersey().register(new ServerResource(version));
    env.jersey().register(new HealthResource(inference));
    env.jersey().register(new ModelMetadataResource(inference));
    env.jersey().register(new ModelReadyResource(inference));
    env.jersey().register(new InferResource(inference));
    env.jersey().register(new V2Errors());
  }
}
