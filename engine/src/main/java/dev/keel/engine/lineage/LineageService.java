package dev.keel.engine.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.datasets.DatasetService;
import dev.keel.engine.errors.NotFound;
import dev.keel.engine.models.ModelRow;
import dev.keel.engine.models.ModelService;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Lineage both ways: from a model version to what made it, and from a dataset version to what it made. */
public final class LineageService {

  private static final String SERVING = """
      (SELECT CASE WHEN s.version = v.version THEN 'champion' WHEN s.canary_version = v.version THEN 'canary' END
       FROM serving_state s WHERE s.model_id = v.model_id) AS serving""";
  private static final String ALIASES = "(SELECT coalesce(array_agg(a.alias ORDER BY a.alias), '{}') "
      + "FROM model_aliases a WHERE a.model_id = v.model_id AND a.version = v.version) AS aliases";
  private static final String RUN_COLUMNS = "r.id, m.name AS model, r.pipeline, r.status, r.model_version, r.error, "
      + "r.created_at, r.ended_at";

  private final Jdbi jdbi;
  private final ModelService models;
  private final DatasetService datasets;
  private final ReproductionService reproductions;
  private final ObjectMapper json;

  public LineageService(Jdbi jdbi, ModelService models, DatasetService datasets, ReproductionService reproductions,
      ObjectMapper json) {
    this.jdbi = jdbi;
    this.models = models;
    this.datasets = datasets;
    this.reproductions = reproductions;
    this.json = json;
  }

  public LineageView lineage(String model, int version) {
    ModelRow row = models.row(model);
    return jdbi.withHandle(h -> {
      Version v = h.createQuery("SELECT v.version, v.status, v.format, v.artifact, v.source, v.run_id, "
              + "v.lineage::text AS lineage, v.created_at, " + SERVING + ", " + ALIASES
              + " FROM model_versions v WHERE v.model_id = :modelId AND v.version = :version")
          .bind("modelId", row.id()).bind("version", version)
          .map((rs, ctx) -> new Version(rs.getString("status"), rs.getString("format"), rs.getString("artifact"),
              rs.getString("source"), rs.getString("run_id"), tree(rs.getString("lineage")),
              rs.getObject("created_at", OffsetDateTime.class), rs.getString("serving"), strings(rs, "aliases")))
          .findOne()
          .orElseThrow(() -> new NotFound("model '" + model + "' has no version " + version));
      JsonNode recorded = v.lineage();
      JsonNode dataset = recorded.path("dataset");
      List<LineageView.DatasetUse> used = dataset.isObject()
          ? datasetUse(h, dataset.path("name").asText(), dataset.path("version").asText()) : List.of();
      LineageView.RunUse run = v.runId() == null ? null : h.createQuery("SELECT " + RUN_COLUMNS
              + " FROM runs r JOIN models m ON m.id = r.model_id WHERE r.id = :id")
          .bind("id", v.runId()).map((rs, ctx) -> run(rs)).findOne().orElse(null);
      LineageView.Approval approval = v.runId() == null ? null : h.createQuery(
              "SELECT decision, actor, comment, decided_at FROM approvals WHERE run_id = :id")
          .bind("id", v.runId())
          .map((rs, ctx) -> new LineageView.Approval(rs.getString("decision"), rs.getString("actor"),
              rs.getString("comment"), rs.getObject("decided_at", OffsetDateTime.class)))
          .findOne().orElse(null);
      List<LineageView.Deployment> deployments = h.createQuery("""
              SELECT kind, version, canary_version, canary_share, actor, reason, created_at FROM deployments
              WHERE model_id = :modelId AND (version = :version OR canary_version = :version) ORDER BY id""")
          .bind("modelId", row.id()).bind("version", version)
          .map((rs, ctx) -> new LineageView.Deployment(rs.getString("kind"), rs.getInt("version"),
              (Integer) rs.getObject("canary_version"), rs.getDouble("canary_share"), rs.getString("actor"),
              rs.getString("reason"), rs.getObject("created_at", OffsetDateTime.class)))
          .list();
      LineageView.Trainer trainer = recorded.hasNonNull("algorithm")
          ? new LineageView.Trainer(recorded.path("algorithm").asText(), params(recorded.path("params"))) : null;
      return new LineageView(model, version, v.status(), v.format(), v.artifact(), v.source(), v.aliases(),
          v.createdAt(), recorded, used, run, trainer,
          recorded.hasNonNull("seed") ? recorded.path("seed").asLong() : null, text(recorded, "keelVersion"),
          text(recorded, "gitCommit"), recorded.hasNonNull("sweep") ? recorded.get("sweep") : null, approval,
          v.serving(), deployments, reproductions.of(model, version));
    });
  }

  public UsageView usage(String dataset, String version) {
    datasets.version(dataset, version);
    return jdbi.withHandle(h -> {
      List<LineageView.RunUse> runs = h.createQuery("SELECT " + RUN_COLUMNS
              + " FROM runs r JOIN models m ON m.id = r.model_id"
              + " WHERE r.dataset_name = :name AND r.dataset_version = :version ORDER BY r.created_at, r.id")
          .bind("name", dataset).bind("version", version).map((rs, ctx) -> run(rs)).list();
      List<UsageView.ModelVersionUse> versions = h.createQuery("SELECT m.name AS model, v.version, v.status, "
              + "v.run_id, v.created_at, " + SERVING + ", " + ALIASES
              + " FROM model_versions v JOIN models m ON m.id = v.model_id"
              + " WHERE v.lineage -> 'dataset' ->> 'name' = :name AND v.lineage -> 'dataset' ->> 'version' = :version"
              + " ORDER BY m.name, v.version")
          .bind("name", dataset).bind("version", version)
          .map((rs, ctx) -> new UsageView.ModelVersionUse(rs.getString("model"), rs.getInt("version"),
              rs.getString("status"), rs.getString("run_id"), strings(rs, "aliases"), rs.getString("serving"),
              rs.getObject("created_at", OffsetDateTime.class)))
          .list();
      return new UsageView(dataset, version, runs, versions);
    });
  }

  private static List<LineageView.DatasetUse> datasetUse(Handle h, String name, String version) {
    return h.createQuery("""
            SELECT d.name, dv.version, dv.row_count, dv.source, dv.size_bytes, dv.created_at
            FROM dataset_versions dv JOIN datasets d ON d.id = dv.dataset_id
            WHERE d.name = :name AND dv.version = :version""")
        .bind("name", name).bind("version", version)
        .map((rs, ctx) -> new LineageView.DatasetUse(rs.getString("name"), rs.getString("version"),
            rs.getLong("row_count"), rs.getString("source"), rs.getLong("size_bytes"),
            rs.getObject("created_at", OffsetDateTime.class)))
        .list();
  }

  private static LineageView.RunUse run(ResultSet rs) throws SQLException {
    return new LineageView.RunUse(rs.getString("id"), rs.getString("model"), rs.getString("pipeline"),
        rs.getString("status"), (Integer) rs.getObject("model_version"), rs.getString("error"),
        rs.getObject("created_at", OffsetDateTime.class), rs.getObject("ended_at", OffsetDateTime.class));
  }

  private static List<String> strings(ResultSet rs, String column) throws SQLException {
    Array array = rs.getArray(column);
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
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

  private record Version(String status, String format, String artifact, String source, String runId, JsonNode lineage,
      OffsetDateTime createdAt, String serving, List<String> aliases) {}
}
