package dev.keel.engine.dev;

import dev.keel.engine.auth.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The developer stack's administrator token, kept in {@code <data-dir>/admin-token} (readable by
 * its owner only) so that a restart on the same data directory keeps the token the user exported,
 * instead of printing a new one each time. A file that holds something else than a Keel token is
 * replaced, and the new token printed.
 */
final class AdminTokenFile {

  private final Path path;

  private AdminTokenFile(Path path) {
    this.path = path;
  }

  static AdminTokenFile in(Path dataDir) {
    return new AdminTokenFile(dataDir.resolve("admin-token"));
  }

  Path path() {
    return path;
  }

  /** The kept token, or a new one written (owner-only) when there is none. */
  String readOrCreate() {
    try {
      if (Files.isRegularFile(path)) {
        String kept = Files.readString(path, StandardCharsets.US_ASCII).strip();
        if (Tokens.split(kept) != null) {
          return kept;
        }
      }
      Files.createDirectories(path.getParent());
      String token = Tokens.generate().token();
      Files.deleteIfExists(path);
      Files.createFile(
          path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          path, token + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the admin token in " + path, e);
    }
  }
}
