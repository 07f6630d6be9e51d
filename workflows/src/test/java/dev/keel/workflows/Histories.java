package dev.keel.workflows;

import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Records workflow histories for the replay tests: with {@code -Dkeel.recordHistories=DIR}, writes
 * a workflow's history to {@code DIR/name}; without it, does nothing. Record a new history beside
 * the old ones whenever a workflow's logic changes, and copy it to {@code
 * src/test/resources/histories}.
 */
public final class Histories {

  private Histories() {}

  /** The history of the latest execution of {@code workflowId}. */
  public static void record(WorkflowClient client, String workflowId, String name) {
    record(client, workflowId, null, name);
  }

  /** The history of execution {@code runId} of {@code workflowId} (the latest when null). */
  public static void record(WorkflowClient client, String workflowId, String runId, String name) {
    String dir = System.getProperty("keel.recordHistories");
    if (dir == null) {
      return;
    }
    try {
      String json =
          (runId == null ? client.fetchHistory(workflowId) : client.fetchHistory(workflowId, runId))
              .toJson(true);
      Files.writeString(Path.of(dir, name), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
