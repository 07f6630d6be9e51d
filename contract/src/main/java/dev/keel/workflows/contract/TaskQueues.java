package dev.keel.workflows.contract;

/**
 * The task queues Keel's processes poll. One place, so that engine, workers and user pipelines
 * agree.
 *
 * <ul>
 *   <li>{@link #PIPELINES}: workflow tasks of training pipelines (Keel's own and user-defined
 *       ones).
 *   <li>{@link #COMPUTE}: heavy, side-effecting activities (ingest, validate, train, evaluate);
 *       polled by workers.
 *   <li>{@link #CONTROL}: activities that write Keel's store; polled only by the engine, which
 *       holds the database credentials.
 * </ul>
 */
public final class TaskQueues {
  public static final String PIPELINES = "keel-pipelines";
  public static final String COMPUTE = "keel-compute";
  public static final String CONTROL = "keel-control";

  private TaskQueues() {}
}
