package dev.keel.engine.models;

import java.time.OffsetDateTime;

/**
 * A registered model as the API returns it: its definition, its champion (null until a version is
 * deployed), how many versions it has and, on {@code GET /v1/models/{name}}, its lifecycle: run in
 * flight, pending trigger, cooldown and timeline.
 */
public record ModelView(
    String name,
    String task,
    ModelDefinition definition,
    ChampionView champion,
    int versions,
    OffsetDateTime createdAt,
    @com.fasterxml.jackson.annotation.JsonInclude(
            com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        dev.keel.engine.lifecycle.LifecycleService.LifecycleInfo lifecycle) {

  /** The same view with the model's lifecycle state and timeline. */
  public ModelView withLifecycle(dev.keel.engine.lifecycle.LifecycleService.LifecycleInfo info) {
    return new ModelView(name, task, definition, champion, versions, createdAt, info);
  }

  /** The version currently holding the {@code champion} alias. */
  public record ChampionView(
      int version, java.util.Map<String, Double> metrics, String artifactHash) {}
}
