package dev.keel.engine.runs;

import dev.keel.engine.models.ModelDefinition;
import dev.keel.engine.models.ModelRow;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.models.VersionRow;
import dev.keel.workflows.contract.DataCheck;
import dev.keel.workflows.contract.DatasetRef;
import dev.keel.workflows.lifecycle.PreparedRun;
import dev.keel.workflows.lifecycle.Trigger;
import java.util.Optional;

/**
 * Which runs check their data before training: automatic retrains (new data, drift, any trigger
 * that is not a person's) of a model whose definition has a {@code dataValidation} policy and that
 * has a champion, whose training data is the baseline. A person's run, a restart and an erasure's
 * retrain train on the data the person chose, unchecked; so does a model's first run (no champion:
 * nothing to compare with).
 */
public final class DataChecks {

  private DataChecks() {}

  /** {@code run} with its data check, when {@code trigger} and the model call for one. */
  public static PreparedRun attach(
      PreparedRun run, ModelRow model, Optional<VersionRow> champion, Trigger trigger) {
    ModelDefinition d = model.definition();
    if (d == null
        || d.dataValidation() == null
        || !trigger.automatic()
        || trigger.replacing()
        || trigger.restartOf() != null
        || run.request().dataCheck() != null) {
      return run;
    }
    Optional<DatasetRef> baseline =
        champion.map(VersionRow::lineage).map(l -> l.dataset()).filter(r -> r.version() != null);
    if (baseline.isEmpty()) {
      return run;
    }
    DataCheck check =
        new DataCheck(
            d.dataValidation().withDefaults(),
            baseline.get(),
            trigger.kind(),
            ModelService.release(d).approvalTimeoutSeconds());
    return new PreparedRun(run.workflowType(), run.taskQueue(), run.request().withDataCheck(check));
  }
}
