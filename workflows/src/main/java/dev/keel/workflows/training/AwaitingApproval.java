package dev.keel.workflows.training;

import dev.keel.workflows.contract.ApprovalWait;
import dev.keel.workflows.contract.RegistryActivities;
import io.temporal.workflow.Workflow;

/**
 * The workflow side of a run's {@code AWAITING_APPROVAL} status, shared by the training and release
 * pipelines: when a run starts to wait for a person, it says so to Keel's run index ({@link
 * RegistryActivities#awaitApproval}); the decision, recorded by {@link
 * RegistryActivities#recordApproval}, ends the wait. Workflows that reached approval before this
 * logic existed replay without the call (change id {@link #CHANGE_ID}) and stay {@code RUNNING}.
 */
public final class AwaitingApproval {

  /**
   * Change id of recording the wait; runs recorded before it never call {@link
   * RegistryActivities#awaitApproval}.
   */
  public static final String CHANGE_ID = "awaiting-approval-status";

  private AwaitingApproval() {}

  /**
   * Records that the run waits for a person's decision from now on. Call from workflow code only.
   */
  public static void announce(RegistryActivities registry, ApprovalWait wait) {
    if (Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) == 1) {
      registry.awaitApproval(wait);
    }
  }
}
