package dev.keel.engine.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.engine.errors.NotFound;
import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.workflows.erasure.ErasureRequest;
import dev.keel.workflows.erasure.ErasureWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Starts erasures (one workflow per subject, by a hash of it) and reads their reports. */
public final class ErasureService {

  /** An erasure as the API shows it; never the subject. */
  public record ErasureView(
      String id,
      String status,
      String requestedBy,
      JsonNode report,
      String error,
      OffsetDateTime createdAt,
      OffsetDateTime endedAt) {}

  /** A started (or existing) erasure. */
  public record Started(ErasureView erasure, boolean created) {}

  private final Jdbi jdbi;
  private final WorkflowClient client;
  private final String pipelineQueue;
  private final ObjectMapper json;

  public ErasureService(Jdbi jdbi, WorkflowClient client, String pipelineQueue, ObjectMapper json) {
    this.jdbi = jdbi;
    this.client = client;
    this.pipelineQueue = pipelineQueue;
    this.json = json;
  }

  public Started start(String subject, String actor) {
    if (subject == null || subject.isBlank() || subject.length() > 256) {
      throw new InvalidInput(
          "field 'subject' is required: the data subject's identifier, 1-256 characters");
    }
    String hash = ArtifactStore.sha256(subject.getBytes(StandardCharsets.UTF_8));
    String id = "erasure-" + hash.substring("sha256:".length(), "sha256:".length() + 24);
    int inserted = jdbi.withExtension(ErasureDao.class, dao -> dao.insert(id, hash, actor));
    if (inserted == 0) {
      ErasureView existing = get(id);
      if (!"FAILED".equals(existing.status())) {
        return new Started(existing, false);
      }
      jdbi.useExtension(ErasureDao.class, dao -> dao.restart(id));
    }
    ErasureWorkflow workflow =
        client.newWorkflowStub(
            ErasureWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(pipelineQueue)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
                .build());
    try {
      WorkflowClient.start(workflow::erase, new ErasureRequest(id, subject, actor));
    } catch (WorkflowExecutionAlreadyStarted running) {
      // a concurrent request started it
    }
    return new Started(get(id), true);
  }

  public ErasureView get(String id) {
    return find(id).orElseThrow(() -> new NotFound("erasure '" + id + "' does not exist"));
  }

  private Optional<ErasureView> find(String id) {
    return jdbi.withExtension(ErasureDao.class, dao -> dao.find(id))
        .map(
            r ->
                new ErasureView(
                    r.id(),
                    r.status(),
                    r.requestedBy(),
                    tree(r.report()),
                    r.error(),
                    r.createdAt(),
                    r.endedAt()));
  }

  private JsonNode tree(String text) {
    try {
      return text == null ? null : json.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
