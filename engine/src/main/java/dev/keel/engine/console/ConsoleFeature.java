package dev.keel.engine.console;

import dev.keel.engine.auth.Authenticator;
import dev.keel.engine.datasets.DatasetService;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.serving.ServingFeature;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.EnumSet;

/**
 * The Keel Console: a web page served by the engine at {@code /} on the API port (static files
 * built by Vite into {@code console/} on the class path), signed in with a token that is posted
 * once to {@code /console/session} and kept on the server; the browser holds only an HttpOnly,
 * SameSite=Strict session cookie, which the API accepts on requests that carry the {@value
 * ConsoleAuth#HEADER} header (a cross-site form cannot set it).
 */
public final class ConsoleFeature {

  /** How long a console session lasts after sign-in. */
  static final Duration SESSION_LIFETIME = Duration.ofHours(12);

  private ConsoleFeature() {}

  /**
   * Serves the console and its sessions, lets API calls of a signed-in console through as its user,
   * and adds the one read-only view the pages need that the API lacked (training against live
   * histograms).
   */
  public static void register(
      Environment env,
      Authenticator authenticator,
      boolean authEnabled,
      ModelService models,
      DatasetService datasets,
      ServingFeature serving) {
    ConsoleSessions sessions = new ConsoleSessions(SESSION_LIFETIME);
    env.servlets()
        .addFilter(
            "keel-console",
            new ConsoleServlet(sessions, authenticator, authEnabled, env.getObjectMapper()))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    env.jersey().register(new ConsoleAuth(sessions));
    env.jersey()
        .register(
            new DriftHistogramsResource(
                models, datasets, serving.deployments(), serving.predictor()));
  }
}
