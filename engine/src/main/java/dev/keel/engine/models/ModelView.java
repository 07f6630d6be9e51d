package dev.keel.engine.models;

import java.time.OffsetDateTime;

/**
 * A registered model as the API returns it: its definition, its champion (null until a version passes its gates)
 * and how many versions it has.
 */
public record ModelView(String name, String task, ModelDefinition definition, ChampionView champion, int versions,
    OffsetDateTime createdAt) {

  /** The version currently holding the {@code champion} alias. */
  public record ChampionView(int version, java.util.Map<String, Double> metrics, String artifactHash) {}
}
