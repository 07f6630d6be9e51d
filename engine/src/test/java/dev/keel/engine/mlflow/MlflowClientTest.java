package dev.keel.engine.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.RunsPage;

/**
 * The tracking API driven by MLflow's official Java client, against a real engine and PostgreSQL.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MlflowClientTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();

  MlflowClient client() {
    return new MlflowClient(
        new org.mlflow.tracking.creds.BasicMlflowHostCreds(
            "http://127.0.0.1:" + APP.getLocalPort(), TestStack.ADMIN_TOKEN));
  }

  @Test
  void experimentsAreCreatedFoundRenamedDeletedAndRestored() {
    MlflowClient mlflow = client();
    assertThat(mlflow.getExperiment("0").getName()).isEqualTo("Default");

    String id = mlflow.createExperiment("churn");
    assertThat(mlflow.getExperiment(id).getName()).isEqualTo("churn");
    assertThat(mlflow.getExperimentByName("churn").orElseThrow().getExperimentId()).isEqualTo(id);
    assertThat(mlflow.getExperimentByName("no-such")).isEmpty();

    mlflow.setExperimentTag(id, "team", "risk");
    mlflow.renameExperiment(id, "churn-v2");
    assertThat(mlflow.getExperiment(id).getName()).isEqualTo("churn-v2");
    assertThat(mlflow.getExperiment(id).getTagsList())
        .anyMatch(t -> t.getKey().equals("team") && t.getValue().equals("risk"));

    mlflow.deleteExperiment(id);
    assertThat(mlflow.searchExperiments("name = 'churn-v2'").getItems()).isEmpty();
    mlflow.restoreExperiment(id);
    assertThat(mlflow.searchExperiments("name LIKE 'churn%'").getItems())
        .extracting(e -> e.getName())
        .containsExactly("churn-v2");

    assertThatThrownBy(() -> mlflow.createExperiment("churn-v2"))
        .isInstanceOfSatisfying(
            MlflowHttpException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(400);
              assertThat(e.getBodyMessage()).contains("RESOURCE_ALREADY_EXISTS");
            });
  }

  @Test
  void runsLogMetricsParamsTagsAndBatchesAndKeepMetricHistory() {
    MlflowClient mlflow = client();
    String experiment = mlflow.createExperiment("logging");
    RunInfo info =
        mlflow.createRun(
            CreateRun.newBuilder()
                .setExperimentId(experiment)
                .setStartTime(1_000)
                .addTags(RunTag.newBuilder().setKey("mlflow.runName").setValue("first"))
                .build());
    String runId = info.getRunId();
    assertThat(info.getRunName()).isEqualTo("first");
    assertThat(info.getStatus()).isEqualTo(RunStatus.RUNNING);

    mlflow.logParam(runId, "alpha", "0.5");
    mlflow.logParam(runId, "alpha", "0.5"); // the same value again is fine
    mlflow.setTag(runId, "stage", "dev");
    mlflow.logMetric(runId, "loss", 0.9, 10, 0);
    mlflow.logMetric(runId, "loss", 0.5, 20, 1);
    mlflow.logBatch(
        runId,
        List.of(
            Metric.newBuilder().setKey("loss").setValue(0.3).setTimestamp(30).setStep(2).build(),
            Metric.newBuilder().setKey("rmse").setValue(1.25).setTimestamp(30).setStep(0).build()),
        List.of(Param.newBuilder().setKey("depth").setValue("4").build()),
        List.of(RunTag.newBuilder().setKey("owner").setValue("ana").build()));
    mlflow.deleteTag(runId, "stage");

    assertThat(mlflow.getMetricHistory(runId, "loss"))
        .extracting(Metric::getValue)
        .containsExactly(0.9, 0.5, 0.3);
    assertThat(mlflow.getMetricHistory(runId, "loss"))
        .extracting(Metric::getStep)
        .containsExactly(0L, 1L, 2L);

    Run run = mlflow.getRun(runId);
    assertThat(
            run.getData().getMetricsList().stream()
                .collect(Collectors.toMap(Metric::getKey, Metric::getValue)))
        .isEqualTo(Map.of("loss", 0.3, "rmse", 1.25));
    assertThat(
            run.getData().getParamsList().stream()
                .collect(Collectors.toMap(Param::getKey, Param::getValue)))
        .isEqualTo(Map.of("alpha", "0.5", "depth", "4"));
    assertThat(run.getData().getTagsList())
        .extracting(RunTag::getKey)
        .contains("owner", "mlflow.runName")
        .doesNotContain("stage");

    assertThatThrownBy(() -> mlflow.logParam(runId, "alpha", "0.7"))
        .isInstanceOfSatisfying(
            MlflowHttpException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(400);
              assertThat(e.getBodyMessage()).contains("INVALID_PARAMETER_VALUE").contains("alpha");
            });

    mlflow.setTerminated(runId, RunStatus.FINISHED, 5_000);
    RunInfo done = mlflow.getRun(runId).getInfo();
    assertThat(done.getStatus()).isEqualTo(RunStatus.FINISHED);
    assertThat(done.getEndTime()).isEqualTo(5_000);
    assertThat(done.getStartTime()).isEqualTo(1_000);
  }

  @Test
  void searchFiltersOnMetricsAndParamsOrdersAndPages() {
    MlflowClient mlflow = client();
    String experiment = mlflow.createExperiment("search");
    double[] rmses = {0.9, 0.4, 0.7, 0.2, 0.5};
    for (int i = 0; i < rmses.length; i++) {
      String runId =
          mlflow
              .createRun(
                  CreateRun.newBuilder()
                      .setExperimentId(experiment)
                      .setRunName("r" + i)
                      .setStartTime(1_000 + i)
                      .build())
              .getRunId();
      mlflow.logMetric(runId, "rmse", rmses[i]);
      mlflow.logParam(runId, "model", i % 2 == 0 ? "tree" : "linear");
    }

    RunsPage first =
        mlflow.searchRuns(
            List.of(experiment),
            "metrics.rmse < 0.8",
            ViewType.ACTIVE_ONLY,
            2,
            List.of("metrics.rmse ASC"));
    assertThat(first.getItems())
        .extracting(r -> r.getInfo().getRunName())
        .containsExactly("r3", "r1");
    assertThat(first.hasNextPage()).isTrue();
    RunsPage second = (RunsPage) first.getNextPage();
    assertThat(second.getItems())
        .extracting(r -> r.getInfo().getRunName())
        .containsExactly("r4", "r2");
    assertThat(second.hasNextPage()).isFalse();

    RunsPage trees =
        mlflow.searchRuns(
            List.of(experiment),
            "params.model = 'tree' AND metrics.rmse >= 0.5",
            ViewType.ACTIVE_ONLY,
            10,
            List.of("attributes.start_time DESC"));
    assertThat(trees.getItems())
        .extracting(r -> r.getInfo().getRunName())
        .containsExactly("r4", "r2", "r0");

    assertThat(
            mlflow
                .searchRuns(
                    List.of(experiment),
                    "attributes.run_name LIKE 'r%' AND status = 'RUNNING'",
                    ViewType.ACTIVE_ONLY,
                    100,
                    List.of("params.model DESC", "metrics.rmse"))
                .getItems())
        .extracting(r -> r.getInfo().getRunName())
        .containsExactly("r4", "r2", "r0", "r3", "r1");
  }

  @Test
  void deletedRunsLeaveActiveSearchesAndComeBackWhenRestored() {
    MlflowClient mlflow = client();
    String experiment = mlflow.createExperiment("deletions");
    String runId = mlflow.createRun(experiment).getRunId();
    mlflow.deleteRun(runId);

    assertThat(mlflow.searchRuns(List.of(experiment), "", ViewType.ACTIVE_ONLY, 10).getItems())
        .isEmpty();
    assertThat(mlflow.searchRuns(List.of(experiment), "", ViewType.DELETED_ONLY, 10).getItems())
        .hasSize(1);
    assertThatThrownBy(() -> mlflow.logMetric(runId, "m", 1))
        .isInstanceOf(MlflowHttpException.class);

    mlflow.restoreRun(runId);
    assertThat(mlflow.searchRuns(List.of(experiment), "", ViewType.ACTIVE_ONLY, 10).getItems())
        .extracting(r -> r.getInfo().getRunId())
        .containsExactly(runId);
    mlflow.logMetric(runId, "m", 1);
    assertThat(mlflow.getRun(runId).getData().getMetricsCount()).isEqualTo(1);
  }
}
