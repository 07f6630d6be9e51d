package dev.keel.engine.mlflow;

import dev.keel.engine.mlflow.RegistryViews.Alias;
import dev.keel.engine.mlflow.RegistryViews.ModelVersion;
import dev.keel.engine.mlflow.RegistryViews.RegisteredModel;
import dev.keel.engine.mlflow.RegistryViews.Tag;
import dev.keel.engine.models.RegistryDao;
import dev.keel.engine.models.RegistryRows.AliasRow;
import dev.keel.engine.models.RegistryRows.ModelRow;
import dev.keel.engine.models.RegistryRows.TagRow;
import dev.keel.engine.models.RegistryRows.VersionRow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns registry rows into MLflow's entities, reading tags, aliases and latest versions in one
 * query each.
 */
final class RegistryReader {

  private RegistryReader() {}

  static List<RegisteredModel> models(RegistryDao dao, List<ModelRow> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    List<Long> ids = rows.stream().map(ModelRow::id).toList();
    Map<Long, List<TagRow>> tags =
        dao.modelTags(ids).stream().collect(Collectors.groupingBy(TagRow::modelId));
    List<AliasRow> aliasRows = dao.aliases(ids);
    Map<Long, List<AliasRow>> aliases =
        aliasRows.stream().collect(Collectors.groupingBy(AliasRow::modelId));
    List<VersionRow> latestRows = dao.latestVersions(ids);
    List<ModelVersion> latestViews = versions(dao, latestRows, aliasRows);
    Map<Long, List<ModelVersion>> latest = new HashMap<>();
    for (int i = 0; i < latestRows.size(); i++) {
      latest.put(latestRows.get(i).modelId(), List.of(latestViews.get(i)));
    }
    return rows.stream()
        .map(
            m ->
                new RegisteredModel(
                    m.name(),
                    m.created(),
                    m.updated(),
                    m.description(),
                    latest.getOrDefault(m.id(), List.of()),
                    tags.getOrDefault(m.id(), List.of()).stream()
                        .map(t -> new Tag(t.key(), t.value()))
                        .toList(),
                    aliases.getOrDefault(m.id(), List.of()).stream()
                        .map(a -> new Alias(a.alias(), String.valueOf(a.version())))
                        .toList()))
        .toList();
  }

  static RegisteredModel model(RegistryDao dao, ModelRow row) {
    return models(dao, List.of(row)).get(0);
  }

  static List<ModelVersion> versions(RegistryDao dao, List<VersionRow> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    return versions(
        dao, rows, dao.aliases(rows.stream().map(VersionRow::modelId).distinct().toList()));
  }

  static ModelVersion version(RegistryDao dao, VersionRow row) {
    return versions(dao, List.of(row)).get(0);
  }

  private static List<ModelVersion> versions(
      RegistryDao dao, List<VersionRow> rows, List<AliasRow> aliasRows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    List<Long> ids = rows.stream().map(VersionRow::modelId).distinct().toList();
    Map<String, List<TagRow>> tags =
        dao.versionTags(ids).stream()
            .collect(Collectors.groupingBy(t -> t.modelId() + "/" + t.version()));
    Map<String, List<String>> aliases =
        aliasRows.stream()
            .collect(
                Collectors.groupingBy(
                    a -> a.modelId() + "/" + a.version(),
                    Collectors.mapping(AliasRow::alias, Collectors.toList())));
    return rows.stream()
        .map(
            v -> {
              String key = v.modelId() + "/" + v.version();
              return new ModelVersion(
                  v.model(),
                  String.valueOf(v.version()),
                  v.created(),
                  v.updated(),
                  v.createdBy(),
                  RegistryViews.STAGE_NONE,
                  v.description(),
                  source(v),
                  v.mlflowRunId(),
                  RegistryViews.READY,
                  v.runLink(),
                  tags.getOrDefault(key, List.of()).stream()
                      .map(t -> new Tag(t.key(), t.value()))
                      .toList(),
                  aliases.getOrDefault(key, List.of()));
            })
        .toList();
  }

  /**
   * MLflow's source of a version: the registered URI, or for a Keel-trained version its artifact's
   * hash.
   */
  static String source(VersionRow v) {
    return v.source() != null ? v.source() : v.artifact();
  }
}
