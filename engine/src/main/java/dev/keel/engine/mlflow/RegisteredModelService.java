package dev.keel.engine.mlflow;

import dev.keel.engine.lifecycle.DriftReportDao;
import dev.keel.engine.lifecycle.LifecycleEventDao;
import dev.keel.engine.mlflow.RegistryViews.ModelVersion;
import dev.keel.engine.mlflow.RegistryViews.RegisteredModel;
import dev.keel.engine.mlflow.RegistryViews.RegisteredModelsPage;
import dev.keel.engine.mlflow.RegistryViews.Tag;
import dev.keel.engine.models.ModelDao;
import dev.keel.engine.models.RegistryDao;
import dev.keel.engine.models.RegistryRows.ModelRow;
import dev.keel.engine.models.VersionDao;
import dev.keel.engine.runs.RunDao;
import dev.keel.engine.serving.DeploymentDao;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * MLflow's registered models over Keel's one registry: an MLflow registered model is a row of
 * {@code models} (Keel-trained ones included), registered through MLflow without a task and with a
 * definition that only names it.
 */
public final class RegisteredModelService {

  /**
   * A repeated create within this many seconds, with the same description and tags, is a client's
   * retry.
   */
  static final int CREATE_RETRY_SECONDS = 60;

  private final Jdbi jdbi;

  public RegisteredModelService(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Registers a model. The same request repeated within {@value #CREATE_RETRY_SECONDS} s (a client
   * retrying after a lost answer) returns the model it created; any other duplicate is
   * RESOURCE_ALREADY_EXISTS.
   */
  public RegisteredModel create(String name, List<Tag> tags, String description) {
    RegistryChecks.modelName("name", name);
    Map<String, String> wanted = tagMap(tags);
    return jdbi.inTransaction(
        h -> {
          RegistryDao dao = h.attach(RegistryDao.class);
          if (h.attach(ModelDao.class).insertUntrained(name, description) == 0) {
            ModelRow existing = dao.lockModel(name).orElseThrow();
            if (!isRetry(dao, existing, wanted, description)) {
              throw MlflowException.exists("registered model '" + name + "' already exists");
            }
            return RegistryReader.model(dao, existing);
          }
          ModelRow row = dao.model(name).orElseThrow();
          wanted.forEach((k, v) -> dao.setModelTag(row.id(), k, v));
          return RegistryReader.model(dao, row);
        });
  }

  private static boolean isRetry(
      RegistryDao dao, ModelRow existing, Map<String, String> tags, String description) {
    if (existing.task() != null || !dao.createdWithin(existing.id(), CREATE_RETRY_SECONDS)) {
      return false;
    }
    Map<String, String> stored = new LinkedHashMap<>();
    dao.modelTags(List.of(existing.id())).forEach(t -> stored.put(t.key(), t.value()));
    return stored.equals(tags)
        && Objects.equals(blankToNull(existing.description()), blankToNull(description));
  }

  public RegisteredModel get(String name) {
    return jdbi.withExtension(
        RegistryDao.class, dao -> RegistryReader.model(dao, find(dao, name, false)));
  }

  public RegisteredModelsPage search(
      String filter, String maxResults, List<String> orderBy, String pageToken) {
    return jdbi.withExtension(
        RegistryDao.class,
        dao -> {
          RegistrySearch.Page<ModelRow> page =
              RegistrySearch.models(dao, filter, maxResults, orderBy, pageToken);
          return new RegisteredModelsPage(
              RegistryReader.models(dao, page.rows()), page.nextPageToken());
        });
  }

  public RegisteredModel update(String name, String description) {
    return jdbi.inTransaction(
        h -> {
          RegistryDao dao = h.attach(RegistryDao.class);
          ModelRow row = find(dao, name, true);
          dao.describeModel(row.id(), description);
          return RegistryReader.model(dao, dao.model(name).orElseThrow());
        });
  }

  /**
   * Renames a model that nothing else in Keel knows by name: not served or deployed, no runs, no
   * Keel lifecycle (a model with a training definition has one); anything else is refused with
   * INVALID_PARAMETER_VALUE.
   */
  public RegisteredModel rename(String name, String newName) {
    RegistryChecks.modelName("new_name", newName);
    return jdbi.inTransaction(
        h -> {
          RegistryDao dao = h.attach(RegistryDao.class);
          ModelRow row = find(dao, name, true);
          if (name.equals(newName)) {
            return RegistryReader.model(dao, row);
          }
          String blocker = renameBlocker(row, usage(h, row.id()));
          if (blocker != null) {
            throw MlflowException.invalid(
                "registered model '"
                    + name
                    + "' cannot be renamed: "
                    + blocker
                    + "; Keel keys workflows, runs and serving by the model's name");
          }
          if (dao.model(newName).isPresent()) {
            throw MlflowException.exists("registered model '" + newName + "' already exists");
          }
          dao.renameModel(row.id(), newName);
          return RegistryReader.model(dao, dao.model(newName).orElseThrow());
        });
  }

  /** Where a model's name is in use in Keel: serving state, deployments, runs. */
  private record Usage(boolean served, boolean deployed, boolean runs) {}

  private static Usage usage(Handle h, long modelId) {
    DeploymentDao serving = h.attach(DeploymentDao.class);
    return new Usage(
        serving.state(modelId).isPresent(),
        !serving.history(modelId).isEmpty(),
        h.attach(RunDao.class).anyOfModel(modelId));
  }

  private static String renameBlocker(ModelRow row, Usage usage) {
    if (usage.served() || usage.deployed()) {
      return "it has been deployed";
    }
    if (row.task() != null) {
      return "it has a Keel training definition and lifecycle";
    }
    return usage.runs() ? "it has Keel runs" : null;
  }

  /**
   * Deletes a model with its versions, tags and aliases in one transaction. Refused with
   * INVALID_PARAMETER_VALUE when it is (or was) deployed, or when Keel trains it (its runs and
   * lifecycle are kept by name).
   */
  public void delete(String name) {
    jdbi.useTransaction(
        h -> {
          RegistryDao dao = h.attach(RegistryDao.class);
          ModelRow row = find(dao, name, true);
          Usage usage = usage(h, row.id());
          if (usage.served() || usage.deployed()) {
            throw MlflowException.invalid(
                "registered model '"
                    + name
                    + "' cannot be deleted: it is deployed (or was, "
                    + "and its deployment history is kept)");
          }
          if (row.task() != null || usage.runs()) {
            throw MlflowException.invalid(
                "registered model '"
                    + name
                    + "' cannot be deleted: it is trained by Keel "
                    + "(runs and a lifecycle keep its history)");
          }
          h.attach(LifecycleEventDao.class).deleteOfModel(row.id());
          h.attach(DriftReportDao.class).deleteOfModel(row.id());
          dao.deleteAliases(row.id());
          dao.deleteVersions(row.id());
          dao.deleteModel(row.id());
        });
  }

  /**
   * The newest version (every version's stage is "None": MLflow's stages are deprecated); empty
   * when {@code stages} is given without "None".
   */
  public List<ModelVersion> latestVersions(String name, List<String> stages) {
    return jdbi.withExtension(
        RegistryDao.class,
        dao -> {
          ModelRow row = find(dao, name, false);
          if (stages != null
              && !stages.isEmpty()
              && stages.stream().noneMatch(s -> RegistryViews.STAGE_NONE.equalsIgnoreCase(s))) {
            return List.of();
          }
          return RegistryReader.versions(dao, dao.latestVersions(List.of(row.id())));
        });
  }

  public void setTag(String name, String key, String value) {
    RegistryChecks.tag(key, value);
    jdbi.useTransaction(
        h -> {
          RegistryDao dao = h.attach(RegistryDao.class);
          ModelRow row = find(dao, name, true);
          dao.setModelTag(row.id(), key, value == null ? "" : value);
          dao.touchModel(row.id());
        });
  }

  public void deleteTag(String name, String key) {
    RegistryChecks.tag(key, null);
    jdbi.useTransaction(
        h -> {
          RegistryDao dao = h.attach(RegistryDao.class);
          ModelRow row = find(dao, name, true);
          if (dao.deleteModelTag(row.id(), key) == 0) {
            throw MlflowException.notFound(
                "registered model '" + name + "' has no tag '" + key + "'");
          }
          dao.touchModel(row.id());
        });
  }

  /** Points a free alias at a version (champion and reserved aliases are refused). */
  public void setAlias(String name, String alias, String version) {
    RegistryChecks.alias(alias);
    int n = RegistryChecks.version(version);
    jdbi.useTransaction(
        h -> {
          RegistryDao dao = h.attach(RegistryDao.class);
          ModelRow row = find(dao, name, true);
          if (dao.version(row.id(), n).isEmpty()) {
            throw MlflowException.notFound("registered model '" + name + "' has no version " + n);
          }
          h.attach(VersionDao.class).setAlias(row.id(), alias, n);
          dao.touchModel(row.id());
        });
  }

  public void deleteAlias(String name, String alias) {
    RegistryChecks.alias(alias);
    jdbi.useTransaction(
        h -> {
          RegistryDao dao = h.attach(RegistryDao.class);
          ModelRow row = find(dao, name, true);
          if (dao.deleteAlias(row.id(), alias) == 0) {
            throw MlflowException.notFound(
                "registered model '" + name + "' has no alias '" + alias + "'");
          }
          dao.touchModel(row.id());
        });
  }

  /** The version an alias points at; any alias, champion included, can be read. */
  public ModelVersion byAlias(String name, String alias) {
    if (alias == null || alias.isEmpty()) {
      throw MlflowException.invalid("parameter 'alias' is required");
    }
    return jdbi.withExtension(
        RegistryDao.class,
        dao -> {
          ModelRow row = find(dao, name, false);
          int version =
              dao.aliases(List.of(row.id())).stream()
                  .filter(a -> a.alias().equals(alias))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          MlflowException.notFound(
                              "registered model '" + name + "' has no alias '" + alias + "'"))
                  .version();
          return RegistryReader.version(dao, dao.version(row.id(), version).orElseThrow());
        });
  }

  static ModelRow find(RegistryDao dao, String name, boolean lock) {
    RegistryChecks.modelName("name", name);
    return (lock ? dao.lockModel(name) : dao.model(name))
        .orElseThrow(
            () -> MlflowException.notFound("registered model '" + name + "' does not exist"));
  }

  static Map<String, String> tagMap(List<Tag> tags) {
    Map<String, String> out = new LinkedHashMap<>();
    if (tags != null) {
      for (Tag t : tags) {
        if (t == null) {
          throw MlflowException.invalid(
              "field 'tags' holds a null tag; expected {\"key\": ..., \"value\": ...}");
        }
        RegistryChecks.tag(t.key(), t.value());
        out.put(t.key(), t.value() == null ? "" : t.value());
      }
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
