package dev.keel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.runs.RunStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What API tests of runs share: a red-wine classifier's definition, and a run awaited to its end.
 */
public final class Runs {

  private Runs() {}

  /**
   * A logistic-regression model of red wine's {@code quality >= 6}, as a mutable definition a test
   * adds fields to.
   */
  public static Map<String, Object> redWineLogistic(String name) {
    Map<String, Object> d = new HashMap<>();
    d.put("name", name);
    d.put("task", "classification");
    d.put("target", "quality");
    d.put("binarize", Map.of("op", ">=", "value", 6));
    d.put("trainer", Map.of("algorithm", "logistic"));
    return d;
  }

  /** Starts a run of {@code model} on {@code dataset} (202) and returns it once it has ended. */
  public static JsonNode trainToEnd(Http http, String model, String dataset, Duration deadline) {
    Http.Response started =
        http.postJson("/v1/models/" + model + "/runs", Map.of("dataset", dataset));
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    return http.await(
            "/v1/runs/" + started.json().path("id").asText(),
            r -> !RunStatus.inFlight(r.json().path("status").asText()),
            deadline)
        .json();
  }
}
