package dev.keel.workers.data;

import dev.keel.ml.data.DatasetLoader;
import dev.keel.ml.data.ModelColumns;
import dev.keel.ml.data.Profiler;
import dev.keel.ml.data.Table;
import dev.keel.ml.validation.DataValidator;
import dev.keel.workflows.contract.ColumnSpec;
import dev.keel.workflows.contract.DataCheckActivities;
import dev.keel.workflows.contract.DataCheckRequest;
import dev.keel.workflows.contract.DataCheckResult;
import java.util.List;

/**
 * The data check on a worker: reads the new dataset version and the champion's training data from
 * the artifact store, profiles the training data as it was profiled at registration ({@link
 * Profiler}), and checks the model's feature columns with {@link DataValidator}.
 */
public final class DataCheckActivitiesImpl implements DataCheckActivities {

  private final DatasetLoader loader;

  public DataCheckActivitiesImpl(DatasetLoader loader) {
    this.loader = loader;
  }

  @Override
  public DataCheckResult check(DataCheckRequest request) {
    long started = System.nanoTime();
    int attempt = DatasetActivitiesImpl.attempt();
    Table table = DatasetActivitiesImpl.load(loader, request.dataset(), attempt);
    Table baseline = DatasetActivitiesImpl.load(loader, request.baseline(), attempt);
    List<String> features =
        ModelColumns.features(table.specs(), request.spec()).stream()
            .map(ColumnSpec::name)
            .toList();
    DataValidator.Report report =
        new DataValidator(request.policy()).check(Profiler.profile(baseline), table, features);
    return new DataCheckResult(
        report.passed(),
        report.summary()
            + " of "
            + request.dataset()
            + " against the champion's training data "
            + request.baseline(),
        report.problems(),
        report.columns().size(),
        DatasetActivitiesImpl.stats(started, attempt));
  }
}
