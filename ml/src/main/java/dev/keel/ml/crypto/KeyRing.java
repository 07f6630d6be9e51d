package dev.keel.ml.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256 keys by key id, for Temporal payloads and artifacts at rest. Text form, one key per line:
 * {@code <id>:<base64 of 32 bytes>}; blank lines and lines starting with {@code #} are ignored; in
 * an environment variable, keys may also be separated by commas. The <b>last</b> key is the newest:
 * it encrypts; every key decrypts. Rotation without downtime: append a new key everywhere (all
 * processes can then read it), restart, and drop the old key only once no running workflow's
 * history still needs it.
 */
public final class KeyRing {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final Map<String, SecretKey> keys;
  private final String newest;

  private KeyRing(Map<String, SecretKey> keys, String newest) {
    this.keys = keys;
    this.newest = newest;
  }

  /** Parses keys; {@code origin} names where they came from in error messages. */
  public static KeyRing parse(String text, String origin) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String newest = null;
    int line = 0;
    for (String entry : text.split("[\\r\\n,]+")) {
      line++;
      String s = entry.strip();
      if (s.isEmpty() || s.startsWith("#")) {
        continue;
      }
      int colon = s.indexOf(':');
      String id = colon < 0 ? "" : s.substring(0, colon);
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            origin
                + ", entry "
                + line
                + ": expected <id>:<base64 key> with an id of "
                + "letters, digits, '.', '_' or '-'");
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(s.substring(colon + 1).strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(origin + ", key '" + id + "': not base64");
      }
      if (key.length != 32) {
        throw new IllegalArgumentException(
            origin + ", key '" + id + "': " + key.length + " bytes; expected 32 " + "(AES-256)");
      }
      if (keys.put(id, new SecretKeySpec(key, "AES")) != null) {
        throw new IllegalArgumentException(origin + ": key id '" + id + "' appears twice");
      }
      newest = id;
    }
    if (newest == null) {
      throw new IllegalArgumentException(
          origin + " holds no key; expected lines of <id>:<base64 of 32 bytes>");
    }
    return new KeyRing(keys, newest);
  }

  public static KeyRing load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), "key file " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key file " + file, e);
    }
  }

  /**
   * A new key file with one random key, readable by its owner only; for developer mode and tests.
   * An existing file is kept as it is.
   */
  public static Path createIfMissing(Path file) {
    if (Files.exists(file)) {
      return file;
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp =
          Files.createTempFile(
              file.toAbsolutePath().getParent(),
              ".payload-keys",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          tmp,
          "# Keel encryption keys: <id>:<base64 of 32 bytes>; the last one encrypts\n"
              + "dev-1:"
              + Base64.getEncoder().encodeToString(key)
              + "\n");
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create key file " + file, e);
    }
    return file;
  }

  public String newestId() {
    return newest;
  }

  public SecretKey newest() {
    return keys.get(newest);
  }

  /** The key with this id, or null. */
  public SecretKey get(String id) {
    return keys.get(id);
  }

  public List<String> ids() {
    return new ArrayList<>(keys.keySet());
  }
}
