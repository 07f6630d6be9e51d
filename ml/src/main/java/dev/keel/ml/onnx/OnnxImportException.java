package dev.keel.ml.onnx;

/**
 * An ONNX model (or its MLmodel file) that Keel cannot serve, with a message naming what is wrong
 * or missing and what was expected. Retrying never helps.
 */
public final class OnnxImportException extends RuntimeException {
  public OnnxImportException(String message) {
    super(message);
  }

  public OnnxImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
