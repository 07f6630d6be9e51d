package dev.keel.workflows.erasure;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * The store work of an erasure (engine side, on the control queue); each call is safe to repeat.
 */
@ActivityInterface(namePrefix = "Erasure_")
public interface ErasureActivities {

  /**
   * Removes the subject's rows from the latest version of every dataset a model with a subject
   * column trains on (a new, content-addressed version), deletes the subject's logged predictions
   * and feedback, and lists the model versions trained on data that contained the subject. Retrains
   * are not started here.
   */
  ErasureReport clean(ErasureRequest request);

  /**
   * Asks each affected model's lifecycle to retrain on the cleaned dataset version; returns what
   * each answered.
   */
  List<ErasureReport.Retrain> retrain(ErasureReport report);

  /** Stores the final report. */
  void record(ErasureReport report);
}
