package dev.keel.engine.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.models.RegistryFixture;
import dev.keel.engine.models.VersionDao;
import dev.keel.workflows.contract.StageRecord;
import dev.keel.workflows.contract.VersionStatus;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The run index and approvals on a real PostgreSQL: runs, request keys, release runs, decisions.
 */
@Timeout(120)
class RunDaoTest {

  private static RegistryFixture store;

  @BeforeAll
  static void store() {
    store = RegistryFixture.create();
  }

  @Test
  void aRequestKeyStartsOneRunOfAModel() {
    long id = store.model("keyed");
    RunDao runs = store.jdbi.onDemand(RunDao.class);
    assertThat(store.run(id, "run-keyed-1", "key-1")).isEqualTo("run-keyed-1");

    assertThat(
            runs.insert(
                "run-keyed-2",
                id,
                "key-1",
                "TrainingPipeline",
                "wine",
                "sha256:v1",
                RegistryFixture.spec(),
                "alice",
                List.of()))
        .isEmpty();
    assertThat(runs.find("run-keyed-2")).isEmpty();
    assertThat(runs.findByRequestKey(id, "key-1").orElseThrow().id()).isEqualTo("run-keyed-1");

    RunRow run = runs.find("run-keyed-1").orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING.name());
    assertThat(run.model()).isEqualTo("keyed");
    assertThat(run.spec()).isEqualTo(RegistryFixture.spec());
    assertThat(run.inFlight()).isTrue();
    assertThat(runs.countNotEnded("keyed")).isEqualTo(1);
    assertThat(runs.anyOfModel(id)).isTrue();
    assertThat(runs.latestDataset("keyed")).contains("wine");
  }

  @Test
  void aReleaseRunHoldsItsVersionUntilItEnds() {
    long id = store.model("released");
    store.version(id, 1, store.run(id, "run-released-train", null), VersionStatus.PASSED.name());
    RunDao runs = store.jdbi.onDemand(RunDao.class);
    runs.endIfRunning("run-released-train", "SUCCEEDED", null);

    runs.insertRelease(
        "run-released-1",
        id,
        "ReleasePipeline",
        Map.of("model", "released", "version", 1),
        List.of(new StageRecord("approve", StageRecord.PENDING, null, null, 0, null)),
        1,
        "bob");
    RunRow release = runs.find("run-released-1").orElseThrow();
    assertThat(release.datasetName()).isNull();
    assertThat(release.modelVersion()).isEqualTo(1);
    assertThat(release.pipeline()).isEqualTo("ReleasePipeline");
    assertThat(runs.inFlightWithVersion(id, 1)).contains("run-released-1");
    assertThat(runs.starter("run-released-1").orElseThrow().startedBy()).isEqualTo("bob");

    assertThat(runs.endIfRunning("run-released-1", "FAILED", "no worker")).isEqualTo(1);
    assertThat(runs.endIfRunning("run-released-1", "INTERRUPTED", "again")).isZero();
    assertThat(runs.find("run-released-1").orElseThrow().status()).isEqualTo("FAILED");
    assertThat(runs.inFlightWithVersion(id, 1)).isEmpty();
  }

  @Test
  void aRunIsDecidedOnceAndThenNoLongerAwaitsApproval() {
    long id = store.model("approved");
    String run = store.run(id, "run-approved-1", null);
    store.version(id, 1, run, VersionStatus.PASSED.name());
    RunDao runs = store.jdbi.onDemand(RunDao.class);
    runs.setModelVersion(run, 1, Map.of("accuracy", 0.8), null, List.of());
    assertThat(runs.awaitApproval(run, "approve", List.of())).isEqualTo(1);
    assertThat(runs.find(run).orElseThrow().status()).isEqualTo(RunStatus.AWAITING_APPROVAL.name());
    assertThat(runs.pendingApprovals())
        .extracting(RunDao.PendingApproval::model)
        .contains("approved");

    OffsetDateTime at = OffsetDateTime.of(2026, 12, 4, 3, 0, 0, 0, ZoneOffset.UTC);
    assertThat(runs.insertApproval(run, 1, "approve", "carol", "looks good", at)).isEqualTo(1);
    assertThat(runs.insertApproval(run, 1, "reject", "dave", "too late", at.plusMinutes(1)))
        .isZero();
    ApprovalRow decision = runs.approval(run).orElseThrow();
    assertThat(decision.decision()).isEqualTo("approve");
    assertThat(decision.actor()).isEqualTo("carol");
    assertThat(decision.decidedAt().toInstant()).isEqualTo(at.toInstant());
    assertThat(runs.approvals(List.of(run, "run-none")))
        .extracting(ApprovalRow::runId)
        .containsExactly(run);
    assertThat(runs.pendingApprovals())
        .extracting(RunDao.PendingApproval::model)
        .doesNotContain("approved");

    assertThat(runs.resume(run)).isEqualTo(1);
    assertThat(runs.awaitApproval(run, "approve", List.of())).isZero();
    assertThat(runs.find(run).orElseThrow().status()).isEqualTo(RunStatus.RUNNING.name());
    store.jdbi.useExtension(VersionDao.class, dao -> dao.decide(id, 1, true));
    assertThat(store.jdbi.onDemand(VersionDao.class).find("approved", 1).orElseThrow().status())
        .isEqualTo("APPROVED");
  }
}
