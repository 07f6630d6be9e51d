package dev.keel.engine.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.audit.AuditLog;
import dev.keel.engine.datasets.DatasetDao;
import dev.keel.engine.datasets.DatasetKeys;
import dev.keel.engine.datasets.DatasetService;
import dev.keel.engine.errors.DomainException;
import dev.keel.engine.lifecycle.LifecycleService;
import dev.keel.engine.lifecycle.RetrainBody;
import dev.keel.engine.models.ModelDao;
import dev.keel.engine.models.VersionDao;
import dev.keel.engine.serving.DeploymentDao;
import dev.keel.engine.serving.PredictionLogDao;
import dev.keel.engine.serving.StateRow;
import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.ml.data.SubjectRows;
import dev.keel.workflows.erasure.ErasureActivities;
import dev.keel.workflows.erasure.ErasureReport;
import dev.keel.workflows.erasure.ErasureRequest;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** An erasure's store work; see {@link ErasureActivities}. Never logs the subject. */
public final class ErasureActivitiesImpl implements ErasureActivities {

  private final Jdbi jdbi;
  private final ArtifactStore artifacts;
  private final DatasetService datasets;
  private final LifecycleService lifecycles;
  private final ObjectMapper json;

  public ErasureActivitiesImpl(
      Jdbi jdbi,
      ArtifactStore artifacts,
      DatasetService datasets,
      LifecycleService lifecycles,
      ObjectMapper json) {
    this.jdbi = jdbi;
    this.artifacts = artifacts;
    this.datasets = datasets;
    this.lifecycles = lifecycles;
    this.json = json;
  }

  @Override
  public ErasureReport clean(ErasureRequest request) {
    List<ModelDao.SubjectSource> sources =
        jdbi.withExtension(ModelDao.class, ModelDao::subjectSources);
    Map<String, Set<String>> columnsByDataset = new LinkedHashMap<>();
    Map<String, Set<String>> modelsByColumn = new LinkedHashMap<>();
    for (ModelDao.SubjectSource s : sources) {
      columnsByDataset
          .computeIfAbsent(s.dataset(), k -> new LinkedHashSet<>())
          .add(s.subjectColumn());
      modelsByColumn.computeIfAbsent(s.subjectColumn(), k -> new LinkedHashSet<>()).add(s.model());
    }
    List<ErasureReport.CleanedDataset> cleaned = new ArrayList<>();
    for (Map.Entry<String, Set<String>> entry : columnsByDataset.entrySet()) {
      for (String column : entry.getValue()) {
        clean(entry.getKey(), column, request).ifPresent(cleaned::add);
      }
    }
    long predictions = 0;
    for (Map.Entry<String, Set<String>> e : modelsByColumn.entrySet()) {
      String column = e.getKey();
      predictions +=
          jdbi.withExtension(
              PredictionLogDao.class,
              dao ->
                  dao.deleteSubject(
                      e.getValue().toArray(new String[0]), column, request.subject()));
    }
    List<ErasureReport.AffectedVersion> affected = new ArrayList<>();
    for (ErasureReport.CleanedDataset d : cleaned) {
      List<VersionDao.TrainedOn> trained =
          jdbi.withExtension(
              VersionDao.class,
              dao -> dao.trainedOn(d.dataset(), d.versionsWithSubject().toArray(new String[0])));
      Map<Long, Optional<StateRow>> served = new HashMap<>();
      for (VersionDao.TrainedOn v : trained) {
        Optional<StateRow> state =
            served.computeIfAbsent(
                v.modelId(), id -> jdbi.withExtension(DeploymentDao.class, dao -> dao.state(id)));
        boolean serving =
            state
                .map(
                    s ->
                        s.version() == v.version()
                            || Integer.valueOf(v.version()).equals(s.canaryVersion()))
                .orElse(false);
        affected.add(
            new ErasureReport.AffectedVersion(v.model(), v.version(), v.datasetVersion(), serving));
      }
    }
    return new ErasureReport(request.id(), cleaned, predictions, affected, List.of());
  }

  /**
   * The subject's rows out of one dataset: which versions held them, and a clean latest version.
   */
  private java.util.Optional<ErasureReport.CleanedDataset> clean(
      String dataset, String column, ErasureRequest request) {
    List<String> versions =
        jdbi.withExtension(DatasetDao.class, dao -> dao.versionsOldestFirst(dataset));
    List<String> withSubject = new ArrayList<>();
    SubjectRows.Removed latest = null;
    DatasetKeys keys = datasets.keys();
    for (String version : versions) {
      var destroyed = keys.destroyed(version);
      if (destroyed.isPresent()) {
        // shredded already: by this erasure (a repeated activity) it held the subject; by another,
        // it is unreadable
        if (destroyed.get().by().equals(request.id())) {
          withSubject.add(version);
        }
        continue;
      }
      SubjectRows.Removed removed =
          SubjectRows.remove(artifacts.getVerified(version), column, request.subject());
      if (removed.removed() > 0) {
        withSubject.add(version);
      }
      latest = removed;
    }
    if (withSubject.isEmpty()) {
      return java.util.Optional.empty();
    }
    String clean = versions.get(versions.size() - 1);
    if (latest != null && latest.removed() > 0) {
      clean =
          datasets
              .register(dataset, new ByteArrayInputStream(latest.csv()), "erasure:" + request.id())
              .dataset()
              .version();
    }
    // crypto-shred every version that held the subject, now that a clean one exists: their keys are
    // destroyed, their
    // hashes and row counts stay in dataset_versions for lineage
    for (String version : withSubject) {
      keys.destroy(version, request.id());
    }
    return java.util.Optional.of(
        new ErasureReport.CleanedDataset(
            dataset, column, withSubject, latest == null ? 0 : latest.removed(), clean));
  }

  @Override
  public List<ErasureReport.Retrain> retrain(ErasureReport report) {
    Map<String, String> cleanByDataset = new LinkedHashMap<>();
    report
        .datasets()
        .forEach(d -> cleanByDataset.put(d.dataset(), d.dataset() + "@" + d.cleanVersion()));
    List<ErasureReport.Retrain> retrains = new ArrayList<>();
    Set<String> models = new LinkedHashSet<>();
    for (ErasureReport.AffectedVersion v : report.affectedVersions()) {
      models.add(v.model());
    }
    for (String model : models) {
      String dataset =
          report.affectedVersions().stream()
              .filter(v -> v.model().equals(model))
              .findFirst()
              .flatMap(
                  v ->
                      report.datasets().stream()
                          .filter(d -> d.versionsWithSubject().contains(v.datasetVersion()))
                          .findFirst())
              .map(d -> cleanByDataset.get(d.dataset()))
              .orElse(null);
      String outcome;
      try {
        lifecycles.retrain(
            model,
            new RetrainBody(dataset, "erasure " + report.id()),
            "erasure:" + report.id(),
            true);
        outcome = "retrain requested";
      } catch (DomainException e) {
        outcome = "not retrained: " + e.getMessage();
      }
      retrains.add(new ErasureReport.Retrain(model, dataset, outcome));
    }
    return retrains;
  }

  @Override
  public void record(ErasureReport report) {
    String text;
    try {
      text = json.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    jdbi.useTransaction(
        h -> {
          int updated = h.attach(ErasureDao.class).succeed(report.id(), text);
          if (updated == 1) {
            AuditLog.append(
                h,
                "erasure:" + report.id(),
                "erasure",
                report.id(),
                "ok",
                null,
                report.datasets().size()
                    + " dataset(s) cleaned, "
                    + report.predictionsDeleted()
                    + " prediction(s) "
                    + "deleted, "
                    + report.affectedVersions().size()
                    + " model version(s) affected");
          }
        });
  }
}
