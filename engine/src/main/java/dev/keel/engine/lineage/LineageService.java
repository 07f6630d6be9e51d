package dev.keel.engine.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.datasets.DatasetDao;
import dev.keel.engine.datasets.DatasetService;
import dev.keel.engine.errors.NotFound;
import dev.keel.engine.models.ModelDao;
import dev.keel.engine.models.ModelRow;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.models.VersionDao;
import dev.keel.engine.runs.RunDao;
import dev.keel.engine.runs.RunRow;
import dev.keel.engine.serving.DeploymentDao;
import dev.keel.engine.serving.DeploymentRow;
import dev.keel.engine.serving.StateRow;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Lineage both ways: from a model version to what made it, and from a dataset version to what it
 * made.
 */
public final class LineageService {

  private final Jdbi jdbi;
  private final ModelService models;
  private final DatasetService datasets;
  private final ReproductionService reproductions;
  private final ObjectMapper json;

  public LineageService(
      Jdbi jdbi,
      ModelService models,
      DatasetService datasets,
      ReproductionService reproductions,
      ObjectMapper json) {
    this.jdbi = jdbi;
    this.models = models;
    this.datasets = datasets;
    this.reproductions = reproductions;
    this.json = json;
  }

  public LineageView lineage(String model, int version) {
    ModelRow row = models.row(model);
    return jdbi.withHandle(
        h -> {
          VersionDao.Recorded v =
              h.attach(VersionDao.class)
                  .recorded(row.id(), version)
                  .orElseThrow(
                      () -> new NotFound("model '" + model + "' has no version " + version));
          List<String> aliases = h.attach(VersionDao.class).aliasesOf(model, version);
          DeploymentDao serving = h.attach(DeploymentDao.class);
          String served = serving(serving.state(row.id()), version);
          JsonNode recorded = tree(v.lineage());
          JsonNode dataset = recorded.path("dataset");
          List<LineageView.DatasetUse> used =
              dataset.isObject()
                  ? h.attach(DatasetDao.class)
                      .findVersion(dataset.path("name").asText(), dataset.path("version").asText())
                      .map(
                          d ->
                              List.of(
                                  new LineageView.DatasetUse(
                                      d.name(),
                                      d.version(),
                                      d.rowCount(),
                                      d.source(),
                                      d.sizeBytes(),
                                      d.createdAt())))
                      .orElse(List.of())
                  : List.of();
          RunDao runs = h.attach(RunDao.class);
          LineageView.RunUse run =
              v.runId() == null ? null : runs.find(v.runId()).map(LineageService::run).orElse(null);
          LineageView.Approval approval =
              v.runId() == null
                  ? null
                  : runs.approval(v.runId())
                      .map(
                          a ->
                              new LineageView.Approval(
                                  a.decision(), a.actor(), a.comment(), a.decidedAt()))
                      .orElse(null);
          Integer n = version;
          List<LineageView.Deployment> deployments =
              serving.history(row.id()).stream()
                  .filter(d -> d.version() == version || n.equals(d.canaryVersion()))
                  .sorted(Comparator.comparingLong(DeploymentRow::id))
                  .map(
                      d ->
                          new LineageView.Deployment(
                              d.kind(),
                              d.version(),
                              d.canaryVersion(),
                              d.canaryShare(),
                              d.actor(),
                              d.reason(),
                              d.createdAt()))
                  .toList();
          LineageView.Trainer trainer =
              recorded.hasNonNull("algorithm")
                  ? new LineageView.Trainer(
                      recorded.path("algorithm").asText(), params(recorded.path("params")))
                  : null;
          return new LineageView(
              model,
              version,
              v.status(),
              v.format(),
              v.artifact(),
              v.source(),
              aliases,
              v.createdAt(),
              recorded,
              used,
              run,
              trainer,
              recorded.hasNonNull("seed") ? recorded.path("seed").asLong() : null,
              text(recorded, "keelVersion"),
              text(recorded, "gitCommit"),
              recorded.hasNonNull("sweep") ? recorded.get("sweep") : null,
              approval,
              served,
              deployments,
              reproductions.of(model, version));
        });
  }

  public UsageView usage(String dataset, String version) {
    datasets.version(dataset, version);
    return jdbi.withHandle(
        h -> {
          List<LineageView.RunUse> runs =
              h.attach(RunDao.class).trainedOn(dataset, version).stream()
                  .map(LineageService::run)
                  .toList();
          VersionDao versionDao = h.attach(VersionDao.class);
          DeploymentDao serving = h.attach(DeploymentDao.class);
          ModelDao modelDao = h.attach(ModelDao.class);
          Map<String, Optional<StateRow>> states = new HashMap<>();
          List<UsageView.ModelVersionUse> versions =
              versionDao.trainedOnDataset(dataset, version).stream()
                  .map(
                      v ->
                          new UsageView.ModelVersionUse(
                              v.model(),
                              v.version(),
                              v.status(),
                              v.runId(),
                              versionDao.aliasesOf(v.model(), v.version()),
                              serving(
                                  states.computeIfAbsent(
                                      v.model(),
                                      m -> modelDao.find(m).flatMap(r -> serving.state(r.id()))),
                                  v.version()),
                              v.createdAt()))
                  .toList();
          return new UsageView(dataset, version, runs, versions);
        });
  }

  /**
   * How the model serves {@code version}: {@code champion}, {@code canary} or not at all (null).
   */
  private static String serving(Optional<StateRow> state, int version) {
    Integer n = version;
    return state
        .map(
            s ->
                s.version() == version ? "champion" : n.equals(s.canaryVersion()) ? "canary" : null)
        .orElse(null);
  }

  private static LineageView.RunUse run(RunRow r) {
    return new LineageView.RunUse(
        r.id(),
        r.model(),
        r.pipeline(),
        r.status(),
        r.modelVersion(),
        r.error(),
        r.createdAt(),
        r.endedAt());
  }

  private static Map<String, String> params(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  private JsonNode tree(String text) {
    try {
      return text == null ? json.createObjectNode() : json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored lineage is not JSON", e);
    }
  }
}
