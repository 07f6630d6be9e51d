package dev.keel.engine.mlflow;

import dev.keel.ml.crypto.StreamingArtifactCipher;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The files behind MLflow's {@code mlflow-artifacts} protocol. Contract: the artifact {@code
 * mlflow-artifacts:/<p>} is the file {@code <artifactRoot>/mlflow/<p>}. Paths are relative,
 * '/'-separated, without empty, '.' or '..' segments, backslashes or NUL; anything else is
 * INVALID_PARAMETER_VALUE and touches nothing. Uploads are written to a temporary file beside the
 * store and moved into place, so a failed upload leaves nothing behind.
 *
 * <p>With a cipher, files are encrypted at rest ({@link StreamingArtifactCipher}, bound to their
 * path) and decrypted as they are read; files written before encryption was turned on (no header)
 * are still read as they are.
 */
public final class MlflowArtifactStore {

  /** URI scheme of the proxied artifact store. */
  public static final String SCHEME = "mlflow-artifacts:";

  /** The longest artifact path accepted, and the longest name in it (what file systems store). */
  static final int MAX_PATH = 1024;

  static final int MAX_SEGMENT = 255;

  /**
   * A directory entry as MLflow lists it: the path, whether it is a directory, and a file's size.
   */
  public record Entry(String path, boolean isDir, Long fileSize) {}

  private final Path root;
  private final Path temp;
  private final StreamingArtifactCipher cipher;

  /** The store under {@code artifactRoot} (Keel's {@code artifactRoot} setting), unencrypted. */
  public MlflowArtifactStore(Path artifactRoot) {
    this(artifactRoot, null);
  }

  /**
   * The store under {@code artifactRoot}, encrypting what it writes when {@code cipher} is not
   * null.
   */
  public MlflowArtifactStore(Path artifactRoot, StreamingArtifactCipher cipher) {
    Path base = artifactRoot.toAbsolutePath().normalize();
    this.root = base.resolve("mlflow");
    this.temp = base.resolve("mlflow-uploads");
    this.cipher = cipher;
  }

  /**
   * The file of an {@code mlflow-artifacts:} URI ({@code mlflow-artifacts:/p}, or with an
   * authority, {@code mlflow-artifacts://host:port/p}).
   */
  public Path locate(String uri) {
    return file(pathOf(uri));
  }

  /**
   * The store-relative path of an {@code mlflow-artifacts:} URI; INVALID_PARAMETER_VALUE for
   * another scheme.
   */
  public static String pathOf(String uri) {
    if (uri == null || !uri.startsWith(SCHEME)) {
      throw MlflowException.invalid("'" + uri + "' is not an " + SCHEME + " URI");
    }
    String rest = uri.substring(SCHEME.length());
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      rest = slash < 0 ? "" : rest.substring(slash);
    }
    while (rest.startsWith("/")) {
      rest = rest.substring(1);
    }
    return rest;
  }

  /** The file of a relative path, after checking it cannot leave the store. */
  public Path file(String relative) {
    check(relative);
    Path file = relative.isEmpty() ? root : root.resolve(relative).normalize();
    if (!file.startsWith(root)) {
      throw MlflowException.invalid("artifact path '" + relative + "' leaves the artifact store");
    }
    return file;
  }

  /** Stores {@code body} at {@code relative} atomically; returns the bytes written. */
  public long write(String relative, InputStream body) {
    Path target = file(relative);
    if (relative.isEmpty() || Files.isDirectory(target)) {
      throw MlflowException.invalid(
          "artifact path '" + relative + "' is a directory; expected a file path");
    }
    Path tmp = null;
    try {
      Files.createDirectories(temp);
      tmp = temp.resolve(UUID.randomUUID() + ".part");
      long size;
      if (cipher == null) {
        size = Files.copy(body, tmp);
      } else {
        try (OutputStream out =
            new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW))) {
          size = cipher.seal(relative, body, out);
        }
      }
      Files.createDirectories(target.getParent());
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
      return size;
    } catch (FileAlreadyExistsException | NotDirectoryException | DirectoryNotEmptyException e) {
      throw MlflowException.invalid(
          "artifact path '"
              + relative
              + "' conflicts with an existing artifact: a file "
              + "cannot also be a directory");
    } catch (IOException e) {
      throw new UncheckedIOException("could not store artifact " + relative, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // a leftover temporary file is outside the store and never listed
        }
      }
    }
  }

  /** The entries of a directory, by name; empty for a file or a missing path, as MLflow answers. */
  public List<Entry> list(String relative, String prefix) {
    Path dir = file(relative);
    List<Entry> out = new ArrayList<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child :
          children.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
        boolean isDir = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
        out.add(new Entry(prefix + child.getFileName(), isDir, isDir ? null : contentSize(child)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** An existing regular file, or RESOURCE_DOES_NOT_EXIST. */
  public Path existing(String relative) {
    Path file = file(relative);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw MlflowException.notFound("artifact '" + relative + "' does not exist");
    }
    return file;
  }

  /**
   * Writes the content of an existing file to {@code out}, decrypting it if it was stored
   * encrypted.
   */
  public void copy(String relative, OutputStream out) throws IOException {
    Path file = existing(relative);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      in.mark(StreamingArtifactCipher.magicLength());
      byte[] head = in.readNBytes(StreamingArtifactCipher.magicLength());
      in.reset();
      if (!StreamingArtifactCipher.sealed(head, head.length)) {
        in.transferTo(out);
      } else if (cipher == null) {
        throw new IllegalStateException(
            "artifact " + relative + " is encrypted but no artifact keys are configured");
      } else {
        cipher.open(relative, in, out);
      }
    }
  }

  /**
   * The content of a file of this store given by its path on disk (as a source resolver finds it).
   */
  public byte[] read(Path file) throws IOException {
    Path absolute = file.toAbsolutePath().normalize();
    if (!absolute.startsWith(root) || absolute.equals(root)) {
      throw new IllegalArgumentException(
          "'" + file + "' is not a file of the MLflow artifact store");
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    copy(root.relativize(absolute).toString().replace(java.io.File.separatorChar, '/'), out);
    return out.toByteArray();
  }

  private static long contentSize(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(StreamingArtifactCipher.magicLength() + 1);
      return StreamingArtifactCipher.sealed(head, head.length)
              && head.length > StreamingArtifactCipher.magicLength()
          ? StreamingArtifactCipher.contentSize(Files.size(file), head[head.length - 1] & 0xff)
          : Files.size(file);
    }
  }

  /** Deletes a file or a directory with its contents; a missing path is already deleted. */
  public void delete(String relative) {
    Path target = file(relative);
    if (relative.isEmpty()) {
      throw MlflowException.invalid(
          "an artifact path is required; the store's root cannot be deleted");
    }
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(target)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete artifact " + relative, e);
    }
  }

  /**
   * Decodes a raw (percent-encoded) URL path and checks it; encoded traversal ({@code %2e%2e},
   * {@code %2f}, {@code %5c}, {@code %00}) is caught after decoding.
   */
  public static String decode(String raw) {
    byte[] bytes = new byte[raw.length()];
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw MlflowException.invalid(
              "artifact path '" + raw + "' has a malformed percent-encoding");
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw MlflowException.invalid(
              "artifact path '" + raw + "' has a malformed percent-encoding");
        }
        bytes[n++] = (byte) (hi * 16 + lo);
        i += 2;
      } else if (c > 0x7f) {
        int codePoint = raw.codePointAt(i);
        byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        bytes = java.util.Arrays.copyOf(bytes, bytes.length + utf8.length);
        System.arraycopy(utf8, 0, bytes, n, utf8.length);
        n += utf8.length;
        i += Character.charCount(codePoint) - 1;
      } else {
        bytes[n++] = (byte) c;
      }
    }
    String path = new String(bytes, 0, n, StandardCharsets.UTF_8);
    check(path);
    return path;
  }

  private static void check(String path) {
    if (path == null) {
      throw MlflowException.invalid("an artifact path is required");
    }
    if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
      throw MlflowException.invalid(
          "artifact path '"
              + path.replace('\0', '?')
              + "' is invalid: NUL characters and backslashes are not allowed");
    }
    if (path.isEmpty()) {
      return;
    }
    if (path.startsWith("/") || path.matches("^[A-Za-z]:.*")) {
      throw MlflowException.invalid(
          "artifact path '" + path + "' is invalid: expected a relative path");
    }
    if (path.length() > MAX_PATH) {
      throw MlflowException.invalid(
          "artifact path of "
              + path.length()
              + " characters is too long; at most "
              + MAX_PATH
              + " are accepted");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.length() > MAX_SEGMENT) {
        throw MlflowException.invalid(
            "artifact path segment '"
                + segment.substring(0, 20)
                + "…' has "
                + segment.length()
                + " characters; a file or directory name has at most "
                + MAX_SEGMENT);
      }
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw MlflowException.invalid(
            "artifact path '"
                + path
                + "' is invalid: empty, '.' and '..' segments "
                + "are not allowed");
      }
    }
  }
}
