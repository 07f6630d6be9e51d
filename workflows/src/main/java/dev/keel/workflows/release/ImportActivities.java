package dev.keel.workflows.release;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Makes a registered version servable, run by the engine's control worker (it writes the store).
 */
@ActivityInterface(namePrefix = "Import")
public interface ImportActivities {

  /**
   * Resolves an {@code external} version's MLflow source, reads its {@code model.onnx} (and {@code
   * MLmodel}), validates it in ONNX Runtime, stores it in the artifact store and records the
   * version as {@code onnx} with its signature. A version that is servable already (Keel or ONNX)
   * is left as it is, so a retry is harmless. A model that cannot be served fails with a
   * non-retryable {@code KeelInvalidInput} failure saying why.
   */
  @ActivityMethod
  ImportResult importVersion(ImportRequest request);
}
