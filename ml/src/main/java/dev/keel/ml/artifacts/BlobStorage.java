package dev.keel.ml.artifacts;

import java.io.Closeable;
import java.util.Optional;

/**
 * Where an {@link ArtifactStore} keeps its bytes: whole objects by key ({@code sha256/<2 hex>/<62
 * hex>}), written once. The store decides what the bytes are (checksum header, encryption); storage
 * only keeps them. Contract, run by every implementation in {@code BlobStorageContractTest}:
 *
 * <ul>
 *   <li>{@link #putIfAbsent} writes whole or not at all: a reader never sees part of an object, a
 *       failed write leaves nothing, and writing a key that is already there keeps what is there;
 *   <li>{@link #get} of a key that holds nothing is empty, never an error;
 *   <li>{@link #delete} of a key that holds nothing is harmless;
 *   <li>failures to reach the storage are {@link java.io.UncheckedIOException}s that name the
 *       location.
 * </ul>
 */
public interface BlobStorage extends Closeable {

  /**
   * Stores bytes at a key unless the key already holds an object; returns whether these bytes were
   * written.
   */
  boolean putIfAbsent(String key, byte[] bytes);

  /** The object at a key, empty when there is none. */
  Optional<byte[]> get(String key);

  boolean exists(String key);

  /** Removes the object at a key, if there is one. */
  void delete(String key);

  /** Where a key's object lives, for messages: a file path or an {@code s3://bucket/key} URI. */
  String location(String key);

  /** Releases connections; the local directory has none. */
  @Override
  default void close() {}
}
