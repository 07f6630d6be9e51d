package dev.keel.ml.artifacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

/**
 * Objects as files under a local (or shared, e.g. NFS) directory: key {@code a/b/c} is the file
 * {@code ROOT/a/b/c}. A write goes to a temporary file beside its target and is moved into place
 * atomically.
 */
public final class LocalBlobStorage implements BlobStorage {

  private final Path root;

  public LocalBlobStorage(Path root) {
    this.root = root.toAbsolutePath();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create artifact store at " + this.root, e);
    }
  }

  public Path root() {
    return root;
  }

  /** The file of a key. */
  public Path file(String key) {
    return root.resolve(key);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] bytes) {
    Path target = file(key);
    if (Files.exists(target)) {
      return false;
    }
    try {
      Files.createDirectories(target.getParent());
      Path tmp = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
      Files.write(tmp, bytes);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  @Override
  public Optional<byte[]> get(String key) {
    Path file = file(key);
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public boolean exists(String key) {
    return Files.exists(file(key));
  }

  @Override
  public void delete(String key) {
    Path file = file(key);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }

  @Override
  public String location(String key) {
    return file(key).toString();
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
