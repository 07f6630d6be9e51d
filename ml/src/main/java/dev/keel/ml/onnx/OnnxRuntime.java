package dev.keel.ml.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** The process's one ONNX Runtime environment, and sessions opened from model bytes. */
final class OnnxRuntime {

  private OnnxRuntime() {}

  static OrtEnvironment env() {
    return OrtEnvironment.getEnvironment();
  }

  /**
   * Opens a session; {@link OnnxImportException} when ONNX Runtime refuses the bytes. One intra-op
   * thread per call: serving parallelism comes from concurrent requests, and sessions are shared
   * between them.
   */
  static OrtSession open(byte[] model) {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      return env().createSession(model, options);
    } catch (OrtException e) {
      throw new OnnxImportException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
    }
  }
}
