package dev.keel.engine.api;

import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Environment;

/**
 * The API's common ground: one JSON error shape (from Jersey and from Jetty), strict JSON bodies,
 * and the request filters every call passes; later, the body limits.
 */
public final class ApiFeature {

  /** Largest JSON request body. */
  static final long JSON_LIMIT = 1024 * 1024;

  private final KeelConfiguration config;
  private final StrictJson strict;

  private ApiFeature(KeelConfiguration config, StrictJson strict) {
    this.config = config;
    this.strict = strict;
  }

  /** Installs the error shape, strict JSON and the first request filters; first of all features. */
  public static ApiFeature install(KeelConfiguration config, Environment env) {
    ((AbstractServerFactory) config.getServerFactory()).setRegisterDefaultExceptionMappers(false);
    ErrorMappers.register(env.jersey().getResourceConfig());
    env.lifecycle().addEventListener(JsonErrorHandler.installer());
    env.getApplicationContext().setErrorHandler(new JsonErrorHandler.Servlet());
    env.getAdminContext().setErrorHandler(new JsonErrorHandler.Servlet());
    StrictJson strict = new StrictJson(env.getObjectMapper());
    env.jersey().register(strict.feature());
    env.jersey().register(new NoNul.Params());
    env.jersey().register(new RequestHeaders());
    return new ApiFeature(config, strict);
  }

  /** Strict reading of JSON bodies, for resources that read a body themselves. */
  public StrictJson strict() {
    return strict;
  }

  /**
   * Refuses bodies over their limit (CSV, MLflow artifacts, JSON); registered after the audit
   * filter, as always.
   */
  public void limitBodies(Environment env) {
    env.jersey()
        .register(
            new BodyLimitFilter(
                config.getDatasets().getMaxBytes(),
                JSON_LIMIT,
                config.getMlflow().getMaxArtifactBytes()));
  }
}
