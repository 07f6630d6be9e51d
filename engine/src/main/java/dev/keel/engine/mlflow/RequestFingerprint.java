package dev.keel.engine.mlflow;

import dev.keel.engine.mlflow.MlflowViews.KeyValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A digest of a create request's fields, to recognise the same request sent again (a client's
 * retry).
 */
final class RequestFingerprint {

  private RequestFingerprint() {}

  static String of(String... fields) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String field : fields) {
        digest.update(field.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Tags in a canonical text form (sorted by key), for fingerprints. */
  static String tagText(List<KeyValue> tags) {
    return tags.stream()
        .map(t -> t.key() + "\u0000" + (t.value() == null ? "" : t.value()) + "\u0001")
        .sorted()
        .collect(Collectors.joining());
  }
}
