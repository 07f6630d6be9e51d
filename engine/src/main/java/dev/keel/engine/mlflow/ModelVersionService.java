package dev.keel.engine.mlflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.mlflow.RegistryViews.ModelVersion;
import dev.keel.engine.mlflow.RegistryViews.ModelVersionsPage;
import dev.keel.engine.mlflow.RegistryViews.Tag;
import dev.keel.engine.models.Lineage;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.models.RegistryDao;
import dev.keel.engine.models.RegistryRows.ModelRow;
import dev.keel.engine.models.RegistryRows.VersionRow;
import dev.keel.engine.models.VersionDao;
import dev.keel.engine.serving.DeploymentDao;
import dev.keel.workflows.contract.VersionStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * MLflow's model versions over Keel's {@code model_versions}. A version registered through MLflow
 * has format {@value #FORMAT}, its MLflow source and run id, the run's latest metrics, and Keel
 * status {@link VersionStatus#REGISTERED}: not servable until imported into a servable format, so
 * it never becomes champion by itself.
 */
public final class ModelVersionService {

  /** Keel's format of a version registered through MLflow: an outside source, not yet imported. */
  public static final String FORMAT = VersionDao.FORMAT_EXTERNAL;

  /** A repeated create of the same source and run within this many seconds is a client's retry. */
  static final int CREATE_RETRY_SECONDS = 300;

  private final Jdbi jdbi;
  private final ObjectMapper json;

  public ModelVersionService(Jdbi jdbi, ObjectMapper json) {
    this.jdbi = jdbi;
    this.json = json;
  }

  /**
   * Registers a version from an MLflow source. The same (model, source, run_id) registered less
   * than {@value #CREATE_RETRY_SECONDS} s ago returns that version instead of a second one.
   */
  public ModelVersion create(
      String name,
      String source,
      String runId,
      List<Tag> tags,
      String runLink,
      String description,
      String createdBy) {
    if (source == null || source.isBlank()) {
      throw MlflowException.invalid(
          "field 'source' is required: the URI of the model's files, e.g. "
              + "'runs:/<run_id>/model' or 'mlflow-artifacts:/...'");
    }
    String trackingRunId = runId == null || runId.isEmpty() ? null : runId;
    Map<String, String> versionTags = RegisteredModelService.tagMap(tags);
    return jdbi.inTransaction(
        h -> {
          RegistryDao dao = h.attach(RegistryDao.class);
          ModelRow model = RegisteredModelService.find(dao, name, true);
          Optional<Integer> retried =
              dao.recentVersion(model.id(), source, trackingRunId, CREATE_RETRY_SECONDS);
          if (retried.isPresent()) {
            return RegistryReader.version(
                dao, dao.version(model.id(), retried.get()).orElseThrow());
          }
          VersionDao versions = h.attach(VersionDao.class);
          int version = versions.nextVersion(model.id());
          Map<String, Double> metrics = new LinkedHashMap<>();
          if (trackingRunId != null) {
            h.attach(RunLinkDao.class).runMetrics(trackingRunId).stream()
                .filter(m -> Double.isFinite(m.value()))
                .forEach(m -> metrics.put(m.key(), m.value()));
          }
          Lineage lineage = new Lineage(null, trackingRunId, null, null, null, 0, null, null);
          versions.insertExternal(
              model.id(),
              version,
              source,
              trackingRunId,
              metrics,
              lineage,
              VersionStatus.REGISTERED.name(),
              description,
              createdBy,
              runLink);
          versionTags.forEach((k, v) -> dao.setVersionTag(model.id(), version, k, v));
          dao.touchModel(model.id());
          return RegistryReader.version(dao, dao.version(model.id(), version).orElseThrow());
        });
  }

  public ModelVersion get(String name, String version) {
    int n = RegistryChecks.version(version);
    return jdbi.withExtension(
        RegistryDao.class, dao -> RegistryReader.version(dao, find(dao, name, n, false)));
  }

  public ModelVersionsPage search(
      String filter, String maxResults, List<String> orderBy, String pageToken) {
    return jdbi.withExtension(
        RegistryDao.class,
        dao -> {
          RegistrySearch.Page<VersionRow> page =
              RegistrySearch.versions(dao, filter, maxResults, orderBy, pageToken);
          return new ModelVersionsPage(
              RegistryReader.versions(dao, page.rows()), page.nextPageToken());
        });
  }

  public ModelVersion update(String name, String version, String description) {
    int n = RegistryChecks.version(version);
    return jdbi.inTransaction(
        h -> {
          RegistryDao dao = h.attach(RegistryDao.class);
          VersionRow row = find(dao, name, n, true);
          dao.describeVersion(row.modelId(), n, description);
          return RegistryReader.version(dao, dao.version(row.modelId(), n).orElseThrow());
        });
  }

  /**
   * Deletes a version with its tags and aliases; refused when it is or was deployed, or is the
   * champion.
   */
  public void delete(String name, String version) {
    int n = RegistryChecks.version(version);
    jdbi.useTransaction(
        h -> {
          RegistryDao dao = h.attach(RegistryDao.class);
          VersionRow row = find(dao, name, n, true);
          boolean champion =
              dao.aliases(List.of(row.modelId())).stream()
                  .anyMatch(a -> a.version() == n && a.alias().equals(ModelService.CHAMPION));
          if (champion || deployed(h.attach(DeploymentDao.class), row.modelId(), n)) {
            throw MlflowException.invalid(
                "version "
                    + n
                    + " of registered model '"
                    + name
                    + "' cannot be deleted: "
                    + "it is (or was) deployed, and its deployment history is kept");
          }
          dao.deleteVersionAliases(row.modelId(), n);
          dao.deleteVersion(row.modelId(), n);
          dao.touchModel(row.modelId());
        });
  }

  /**
   * Where the version's files are: {@code runs:/<run>/<path>} resolved against the tracking run's
   * artifact URI; any other source as registered; a Keel-trained version's artifact hash in Keel's
   * artifact store.
   */
  public String downloadUri(String name, String version) {
    int n = RegistryChecks.version(version);
    return jdbi.withHandle(
        h -> {
          VersionRow row = find(h.attach(RegistryDao.class), name, n, false);
          String source = RegistryReader.source(row);
          if (source != null && source.startsWith("runs:/")) {
            String rest = source.substring("runs:/".length());
            int slash = rest.indexOf('/');
            String run = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "" : rest.substring(slash);
            Optional<String> root = h.attach(RunLinkDao.class).runArtifactUri(run);
            if (root.isPresent()) {
              return root.get() + path;
            }
          }
          return source;
        });
  }

  public void setTag(String name, String version, String key, String value) {
    RegistryChecks.tag(key, value);
    int n = RegistryChecks.version(version);
    jdbi.useTransaction(
        h -> {
          RegistryDao dao = h.attach(RegistryDao.class);
          VersionRow row = find(dao, name, n, true);
          dao.setVersionTag(row.modelId(), n, key, value == null ? "" : value);
          dao.touchVersion(row.modelId(), n);
        });
  }

  public void deleteTag(String name, String version, String key) {
    RegistryChecks.tag(key, null);
    int n = RegistryChecks.version(version);
    jdbi.useTransaction(
        h -> {
          RegistryDao dao = h.attach(RegistryDao.class);
          VersionRow row = find(dao, name, n, true);
          if (dao.deleteVersionTag(row.modelId(), n, key) == 0) {
            throw MlflowException.notFound(
                "version " + n + " of registered model '" + name + "' has no tag '" + key + "'");
          }
          dao.touchVersion(row.modelId(), n);
        });
  }

  /**
   * For old clients: MLflow's stages are deprecated and every version's stage is "None"; a
   * transition to "None" is accepted, any other stage refused in favour of aliases.
   */
  public ModelVersion transition(String name, String version, String stage) {
    if (!RegistryViews.STAGE_NONE.equalsIgnoreCase(stage)) {
      throw MlflowException.invalid(
          "stage '"
              + stage
              + "' is not supported: model stages are deprecated in MLflow "
              + "and Keel keeps every version in stage 'None'; use an alias (registered-models/alias) instead");
    }
    return get(name, version);
  }

  private static VersionRow find(RegistryDao dao, String name, int version, boolean lock) {
    ModelRow model = RegisteredModelService.find(dao, name, lock);
    return dao.version(model.id(), version)
        .orElseThrow(
            () ->
                MlflowException.notFound(
                    "registered model '" + name + "' has no version " + version));
  }

  /** Whether the version is served or was ever deployed (deployments keep history). */
  private static boolean deployed(DeploymentDao serving, long modelId, int version) {
    Integer v = version;
    return serving
            .state(modelId)
            .filter(s -> s.version() == version || v.equals(s.canaryVersion()))
            .isPresent()
        || serving.history(modelId).stream()
            .anyMatch(d -> d.version() == version || v.equals(d.canaryVersion()));
  }
}
