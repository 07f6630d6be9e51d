package dev.keel.engine.serving;

import dev.keel.engine.audit.AuditLog;
import dev.keel.engine.errors.Conflict;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.engine.errors.NotFound;
import dev.keel.engine.models.ModelDao;
import dev.keel.engine.models.ModelRow;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.models.VersionDao;
import dev.keel.engine.models.VersionRow;
import dev.keel.workflows.contract.VersionStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The system of record of what each model serves. Every change locks the model's row, updates
 * {@code serving_state} (with a new generation), moves the {@code champion} alias when the served
 * version changes and appends to {@code deployments}, all in one transaction. Methods are safe to
 * retry (Temporal activities call them): asking for the state that already holds is a no-op that
 * returns it. The one exception is {@link #rollback} without a target version, which means "undo
 * the last change of version"; a retrying caller should resolve the target first and pass it.
 */
public final class DeploymentService {

  /** Statuses a version must have to be served. */
  /**
   * Statuses a version may be served with: only approved ones (or ones served before, for a
   * rollback).
   */
  public static final Set<String> SERVABLE = Set.of(VersionStatus.APPROVED.name());

  /**
   * The format of a version registered from an MLflow source and not imported: Keel cannot serve
   * it.
   */
  public static final String EXTERNAL = "external";

  private final Jdbi jdbi;
  private final ServingMetrics metrics;
  private final Runnable afterChange;

  /**
   * @param afterChange run after a committed change (the local serving registry refreshes at once
   *     rather than at its next poll)
   */
  public DeploymentService(Jdbi jdbi, ServingMetrics metrics, Runnable afterChange) {
    this.jdbi = jdbi;
    this.metrics = metrics;
    this.afterChange = afterChange;
  }

  /** What a change did: the state after it and whether anything changed. */
  private record Outcome(StateRow state, String model, String kind) {}

  /**
   * Serves {@code version} as champion (ending any canary). Deploying the version already served is
   * a no-op.
   */
  public ServingStateView deploy(String model, int version, String actor, String reason) {
    return apply(
        jdbi.inTransaction(
            h -> {
              ModelRow m = lock(h, model);
              servable(h, model, version);
              DeploymentDao dao = h.attach(DeploymentDao.class);
              Optional<StateRow> state = dao.state(m.id());
              if (state.isPresent()
                  && state.get().version() == version
                  && state.get().canaryVersion() == null) {
                return new Outcome(state.get(), model, null);
              }
              return change(h, m, version, null, 0, DeploymentRow.DEPLOY, actor, reason);
            }));
  }

  /**
   * Sends a share (0 &lt; share &lt; 1) of requests to {@code version} beside the champion.
   * Starting the running canary again with the same share is a no-op; with another share it changes
   * the share.
   */
  public ServingStateView startCanary(String model, int version, double share, String actor) {
    if (!(share > 0 && share < 1)) {
      throw new InvalidInput(
          "canary share "
              + share
              + " is out of range; expected a number between 0 and 1 "
              + "(exclusive)");
    }
    return apply(
        jdbi.inTransaction(
            h -> {
              ModelRow m = lock(h, model);
              servable(h, model, version);
              StateRow state = served(h, m);
              if (state.version() == version) {
                throw new Conflict(
                    "version "
                        + version
                        + " of model '"
                        + model
                        + "' is already the champion; "
                        + "a canary must be another version");
              }
              if (state.canaryVersion() != null && state.canaryVersion() != version) {
                throw new Conflict(
                    "model '"
                        + model
                        + "' already has version "
                        + state.canaryVersion()
                        + " as canary; promote or abort it first");
              }
              if (state.canaryVersion() != null && state.canaryShare() == share) {
                return new Outcome(state, model, null);
              }
              return change(
                  h, m, state.version(), version, share, DeploymentRow.CANARY_START, actor, null);
            }));
  }

  /**
   * Makes the canary the champion. Without a canary, succeeds as a no-op when the last change was a
   * promotion (a retry), and is a conflict otherwise.
   */
  public ServingStateView promoteCanary(String model, String actor) {
    return apply(
        jdbi.inTransaction(
            h -> {
              ModelRow m = lock(h, model);
              StateRow state = served(h, m);
              if (state.canaryVersion() == null) {
                List<DeploymentRow> history = h.attach(DeploymentDao.class).history(m.id());
                if (!history.isEmpty()
                    && DeploymentRow.CANARY_PROMOTE.equals(history.get(0).kind())) {
                  return new Outcome(state, model, null);
                }
                throw new Conflict("model '" + model + "' has no canary to promote");
              }
              int promoted = state.canaryVersion();
              servable(h, model, promoted);
              return change(h, m, promoted, null, 0, DeploymentRow.CANARY_PROMOTE, actor, null);
            }));
  }

  /** Stops sending requests to the canary. Without a canary, a no-op. */
  public ServingStateView abortCanary(String model, String actor, String reason) {
    return apply(
        jdbi.inTransaction(
            h -> {
              ModelRow m = lock(h, model);
              StateRow state = served(h, m);
              if (state.canaryVersion() == null) {
                return new Outcome(state, model, null);
              }
              return change(
                  h, m, state.version(), null, 0, DeploymentRow.CANARY_ABORT, actor, reason);
            }));
  }

  /**
   * Makes {@code version} the model's shadow version: it also scores {@code share} (0 &lt; share
   * &le; 1) of the requests the champion answers, and never answers any. Starting the same shadow
   * again is a no-op.
   */
  public ServingStateView startShadow(
      String model, int version, double share, String actor, String reason) {
    if (!(share > 0 && share <= 1)) {
      throw new InvalidInput(
          "shadow share " + share + " is out of range; expected a number in (0, 1]");
    }
    return apply(
        jdbi.inTransaction(
            h -> {
              ModelRow m = lock(h, model);
              servable(h, model, version);
              StateRow state = served(h, m);
              if (state.version() == version) {
                throw new Conflict(
                    "version "
                        + version
                        + " of model '"
                        + model
                        + "' is the champion; a shadow must be another version");
              }
              if (state.shadowVersion() != null && state.shadowVersion() != version) {
                throw new Conflict(
                    "model '"
                        + model
                        + "' already has version "
                        + state.shadowVersion()
                        + " in its shadow");
              }
              if (state.shadowVersion() != null && state.shadowShare() == share) {
                return new Outcome(state, model, null);
              }
              return shadowChange(
                  h, m, state, version, share, DeploymentRow.SHADOW_START, actor, reason);
            }));
  }

  /** Removes the model's shadow version {@code version}; without it, a no-op. */
  public ServingStateView stopShadow(String model, int version, String actor, String reason) {
    return apply(
        jdbi.inTransaction(
            h -> {
              ModelRow m = lock(h, model);
              StateRow state = h.attach(DeploymentDao.class).state(m.id()).orElse(null);
              if (state == null
                  || state.shadowVersion() == null
                  || state.shadowVersion() != version) {
                return state == null
                    ? new Outcome(
                        new StateRow(m.id(), model, 0, null, 0, 0, null, null, 0), model, null)
                    : new Outcome(state, model, null);
              }
              return shadowChange(h, m, state, null, 0, DeploymentRow.SHADOW_STOP, actor, reason);
            }));
  }

  private static Outcome shadowChange(
      Handle h,
      ModelRow m,
      StateRow state,
      Integer shadow,
      double share,
      String kind,
      String actor,
      String reason) {
    DeploymentDao dao = h.attach(DeploymentDao.class);
    dao.setShadow(m.id(), shadow, share);
    int shadowVersion = shadow == null ? state.shadowVersion() : shadow;
    dao.record(m.id(), state.version(), kind, shadowVersion, share, actor, reason);
    AuditLog.append(
        h,
        actor,
        kind,
        m.name() + " v" + state.version() + " (shadow v" + shadowVersion + ")",
        "ok",
        null,
        reason);
    return new Outcome(dao.state(m.id()).orElseThrow(), m.name(), kind);
  }

  /**
   * Serves an earlier version again (ending any canary): {@code toVersion}, or when null the
   * version served before the current one (the deployment history read as a stack: deploys push,
   * rollbacks pop). Rolling back to the version already served is a no-op. 404 when nothing is
   * deployed; 409 when there is no earlier version.
   */
  public ServingStateView rollback(String model, Integer toVersion, String actor, String reason) {
    return apply(
        jdbi.inTransaction(
            h -> {
              ModelRow m = lock(h, model);
              int[] plan = plan(h, m, model, toVersion);
              if (plan[0] == plan[1]
                  && h.attach(DeploymentDao.class).state(m.id()).orElseThrow().canaryVersion()
                      == null) {
                return new Outcome(
                    h.attach(DeploymentDao.class).state(m.id()).orElseThrow(), model, null);
              }
              servable(h, model, plan[1]);
              return change(h, m, plan[1], null, 0, DeploymentRow.ROLLBACK, actor, reason);
            }));
  }

  /**
   * Which version a rollback would serve, without changing anything: {@code [from, to]}. Lets a
   * caller that may retry (a Temporal activity) fix the target first and then roll back to it
   * explicitly, which is idempotent.
   */
  public int[] rollbackPlan(String model, Integer toVersion) {
    return jdbi.withHandle(h -> plan(h, find(h, model), model, toVersion));
  }

  private static int[] plan(Handle h, ModelRow m, String model, Integer toVersion) {
    StateRow state =
        h.attach(DeploymentDao.class)
            .state(m.id())
            .orElseThrow(
                () ->
                    new NotFound(
                        "model '"
                            + model
                            + "' has no deployed version, so there is nothing to roll back"));
    if (toVersion != null) {
      return new int[] {state.version(), toVersion};
    }
    Deque<Integer> served = servedStack(h.attach(DeploymentDao.class).history(m.id()));
    served.pop();
    if (served.isEmpty()) {
      throw new Conflict(
          "model '"
              + model
              + "' has served no version before version "
              + state.version()
              + "; name the version to roll back to");
    }
    return new int[] {state.version(), served.peek()};
  }

  /**
   * What the model serves now ({@code version} null when nothing is deployed); 404 for an unknown
   * model.
   */
  public ServingStateView state(String model) {
    return jdbi.withHandle(
        h -> {
          ModelRow m = find(h, model);
          return h.attach(DeploymentDao.class)
              .state(m.id())
              .map(ServingStateView::of)
              .orElse(ServingStateView.none(model));
        });
  }

  /** The model's deployment history, newest first. */
  public List<DeploymentView> history(String model) {
    return jdbi.withHandle(
        h ->
            h.attach(DeploymentDao.class).history(find(h, model).id()).stream()
                .map(DeploymentView::of)
                .toList());
  }

  /**
   * Served versions, the current one on top: deploys and promotions push, a rollback pops to its
   * target.
   */
  static Deque<Integer> servedStack(List<DeploymentRow> newestFirst) {
    Deque<Integer> stack = new ArrayDeque<>();
    List<DeploymentRow> oldestFirst = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(oldestFirst);
    for (DeploymentRow d : oldestFirst) {
      if (!d.setsChampion()) {
        continue;
      }
      if (DeploymentRow.ROLLBACK.equals(d.kind()) && stack.contains(d.version())) {
        while (stack.peek() != d.version()) {
          stack.pop();
        }
      } else if (stack.isEmpty() || stack.peek() != d.version()) {
        stack.push(d.version());
      }
    }
    return stack;
  }

  private Outcome change(
      Handle h,
      ModelRow m,
      int version,
      Integer canary,
      double share,
      String kind,
      String actor,
      String reason) {
    DeploymentDao dao = h.attach(DeploymentDao.class);
    dao.setState(m.id(), version, canary, share);
    if (!DeploymentRow.CANARY_START.equals(kind) && !DeploymentRow.CANARY_ABORT.equals(kind)) {
      h.attach(VersionDao.class).setAlias(m.id(), ModelService.CHAMPION, version);
    }
    dao.record(m.id(), version, kind, canary, share, actor, reason);
    AuditLog.append(
        h,
        actor,
        kind,
        m.name()
            + " v"
            + (canary == null ? version : version + " (canary v" + canary + " at " + share + ")"),
        "ok",
        null,
        reason);
    return new Outcome(dao.state(m.id()).orElseThrow(), m.name(), kind);
  }

  private ServingStateView apply(Outcome outcome) {
    if (outcome.kind() != null) {
      metrics.deployments.labels(outcome.model(), outcome.kind()).inc();
      if (DeploymentRow.ROLLBACK.equals(outcome.kind())) {
        metrics.rollbacks.labels(outcome.model()).inc();
      }
      afterChange.run();
    }
    return ServingStateView.of(outcome.state());
  }

  private static ModelRow lock(Handle h, String model) {
    return h.attach(ModelDao.class)
        .lock(model)
        .orElseThrow(() -> new NotFound("model '" + model + "' does not exist"));
  }

  private static ModelRow find(Handle h, String model) {
    return h.attach(ModelDao.class)
        .find(model)
        .orElseThrow(() -> new NotFound("model '" + model + "' does not exist"));
  }

  private static StateRow served(Handle h, ModelRow m) {
    return h.attach(DeploymentDao.class)
        .state(m.id())
        .orElseThrow(
            () ->
                new Conflict("model '" + m.name() + "' has no deployed version; deploy one first"));
  }

  private static VersionRow servable(Handle h, String model, int version) {
    VersionRow v =
        h.attach(VersionDao.class)
            .find(model, version)
            .orElseThrow(() -> new NotFound("model '" + model + "' has no version " + version));
    String format = h.attach(VersionDao.class).format(model, version).orElseThrow();
    if (EXTERNAL.equals(format)) {
      throw new Conflict(
          "version "
              + version
              + " of model '"
              + model
              + "' is an external MLflow model that "
              + "Keel has not imported, so it cannot be served; release it (POST /v1/models/"
              + model
              + "/versions/"
              + version
              + "/release) to import it as ONNX, get it approved and deploy it");
    }
    if (VersionStatus.of(v.status()).orElse(null) != VersionStatus.APPROVED
        && !h.attach(DeploymentDao.class).servedBefore(model, version)) {
      throw new Conflict(
          "version "
              + version
              + " of model '"
              + model
              + "' has status "
              + v.status()
              + " and cannot be served: only an approved version can (approve it: POST /v1/models/"
              + model
              + "/versions/"
              + version
              + "/approval, as an approver other than who trained it)");
    }
    return v;
  }
}
