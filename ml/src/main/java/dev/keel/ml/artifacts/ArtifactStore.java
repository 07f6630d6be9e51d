package dev.keel.ml.artifacts;

import dev.keel.ml.crypto.ArtifactCipher;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Content-addressed artifact store. Addresses are {@code sha256:<64 hex>}; an artifact is the
 * object {@code sha256/<2 hex>/<62 hex>} of a {@link BlobStorage}: a file under a local (or shared)
 * directory ({@code ROOT/sha256/<2 hex>/<62 hex>}) or an object in an S3 bucket. Each object starts
 * with a checksum line and is encrypted when a cipher is given. Writes are whole or nothing, so a
 * crashed writer never leaves half an artifact, and writing the same address twice is harmless.
 */
public final class ArtifactStore implements AutoCloseable {

  private static final Pattern ADDRESS = Pattern.compile("sha256:[0-9a-f]{64}");

  /**
   * The first line of every artifact written since checksums exist, followed by the SHA-256 of the
   * rest.
   */
  private static final String CHECKSUM_MAGIC = "KEELSUM1 ";

  private final BlobStorage storage;
  private final ArtifactCipher cipher;

  public ArtifactStore(Path root) {
    this(root, null);
  }

  /**
   * @param cipher encrypts artifacts at rest when given; artifacts written before it was configured
   *     still read
   */
  public ArtifactStore(Path root, ArtifactCipher cipher) {
    this(new LocalBlobStorage(root), cipher);
  }

  /**
   * @param storage where the bytes are kept
   * @param cipher encrypts artifacts at rest when given; artifacts written before it was configured
   *     still read
   */
  public ArtifactStore(BlobStorage storage, ArtifactCipher cipher) {
    this.storage = storage;
    this.cipher = cipher;
  }

  /**
   * The local directory of a store on one; {@link UnsupportedOperationException} naming the bucket
   * for a store on object storage, which has no directory.
   */
  public Path root() {
    return local().root();
  }

  /** Where the store keeps its artifacts: a directory or an {@code s3://bucket/prefix/} URI. */
  public String location() {
    return storage.toString();
  }

  /** Where the artifact at an address is (or would be) kept, for messages and operators. */
  public String location(String address) {
    return storage.location(key(address));
  }

  /** {@code sha256:<hex>} of the bytes. */
  public static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static boolean isAddress(String address) {
    return address != null && ADDRESS.matcher(address).matches();
  }

  /** Stores bytes under the SHA-256 of those bytes and returns that address. */
  public String put(byte[] bytes) {
    String address = sha256(bytes);
    put(address, bytes);
    return address;
  }

  /**
   * Stores bytes under a given address: for artifacts addressed by a canonical form rather than by
   * their raw bytes (models, whose serialized form records the training time).
   */
  public void put(String address, byte[] bytes) {
    String key = key(address);
    if (storage.exists(key)) {
      return;
    }
    byte[] sealed = cipher == null ? bytes : cipher.seal(address, bytes);
    // the checksum travels in the same object, so concurrent writers of one address (each sealing
    // with its own key)
    // can never pair one writer's bytes with another's checksum: whichever whole object is kept
    // wins whole
    byte[] header = (CHECKSUM_MAGIC + sha256(sealed) + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] stored = new byte[header.length + sealed.length];
    System.arraycopy(header, 0, stored, 0, header.length);
    System.arraycopy(sealed, 0, stored, header.length, sealed.length);
    try {
      storage.putIfAbsent(key, stored);
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException(
          "cannot write artifact " + address + ": " + e.getMessage(), e.getCause());
    }
  }

  public boolean exists(String address) {
    return storage.exists(key(address));
  }

  /**
   * Reads an artifact, checking the stored bytes against the checksum written with them and opening
   * them when they are encrypted; throws {@link ArtifactNotFoundException} when the address holds
   * nothing and {@link ArtifactCorruptException} when the bytes changed. Artifacts written before
   * checksums existed have none.
   */
  public byte[] get(String address) {
    byte[] stored;
    try {
      stored = storage.get(key(address)).orElseThrow(() -> new ArtifactNotFoundException(address));
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException(
          "cannot read artifact " + address + ": " + e.getMessage(), e.getCause());
    }
    if (hasChecksum(stored)) {
      int newline = CHECKSUM_MAGIC.length() + 71;
      String expected = new String(stored, CHECKSUM_MAGIC.length(), 71, StandardCharsets.US_ASCII);
      stored = java.util.Arrays.copyOfRange(stored, newline + 1, stored.length);
      String actual = sha256(stored);
      if (!actual.equals(expected)) {
        throw new ArtifactCorruptException(
            address,
            "its stored bytes hash to "
                + actual
                + ", not to the checksum "
                + expected
                + " written with them");
      }
    }
    String shredded = ArtifactCipher.shredNote(stored);
    if (shredded != null) {
      throw new ArtifactErasedException(address, shredded);
    }
    if (ArtifactCipher.sealed(stored)) {
      if (cipher == null) {
        throw new IllegalStateException(
            "artifact " + address + " is encrypted and no artifact keys are configured");
      }
      try {
        return cipher.open(address, stored);
      } catch (SecurityException e) {
        throw new ArtifactCorruptException(address, e.getMessage());
      }
    }
    return stored;
  }

  /** The sealed data key of an encrypted artifact, or empty when it is stored in clear. */
  public java.util.Optional<ArtifactCipher.WrappedKey> wrappedKey(String address) {
    byte[] stored =
        withoutChecksum(
            address,
            storage.get(key(address)).orElseThrow(() -> new ArtifactNotFoundException(address)));
    return ArtifactCipher.sealed(stored)
        ? java.util.Optional.of(ArtifactCipher.wrappedKey(stored))
        : java.util.Optional.empty();
  }

  /**
   * Destroys an artifact's data key (crypto-shredding): the stored object is rewritten without its
   * sealed key, so its content no longer opens with any configured key; reads then fail with {@link
   * ArtifactErasedException} carrying {@code note}. Repeating it is harmless.
   */
  public void shred(String address, String note) {
    String key = key(address);
    byte[] stored =
        withoutChecksum(
            address, storage.get(key).orElseThrow(() -> new ArtifactNotFoundException(address)));
    if (ArtifactCipher.shredNote(stored) != null) {
      if (!shredded(address)) {
        putRecord(shreddedRecord(address), new byte[0]); // shredded before marks existed
      }
      return;
    }
    byte[] shredded = ArtifactCipher.shred(stored, note);
    storage.delete(key);
    storage.putIfAbsent(key, shredded);
    // a cheap mark for those who must not reuse what was derived from it (the step cache)
    putRecord(
        shreddedRecord(address),
        note == null ? new byte[0] : note.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Whether {@link #shred} destroyed this artifact's key (known from a mark it leaves, without
   * reading the artifact).
   */
  public boolean shredded(String address) {
    return storage.exists(recordKey(shreddedRecord(address)));
  }

  private static String shreddedRecord(String address) {
    key(address); // checks the address
    return "shredded/" + address.substring("sha256:".length());
  }

  private static byte[] withoutChecksum(String address, byte[] stored) {
    return hasChecksum(stored)
        ? java.util.Arrays.copyOfRange(stored, CHECKSUM_MAGIC.length() + 72, stored.length)
        : stored;
  }

  /** Whether stored bytes start with a checksum line ({@code KEELSUM1 sha256:<64 hex>\n}). */
  private static boolean hasChecksum(byte[] stored) {
    int length = CHECKSUM_MAGIC.length() + 71 + 1;
    return stored.length >= length
        && new String(stored, 0, CHECKSUM_MAGIC.length(), StandardCharsets.US_ASCII)
            .equals(CHECKSUM_MAGIC)
        && stored[length - 1] == '\n';
  }

  /** Reads a content-addressed artifact and checks that its bytes still hash to its address. */
  public byte[] getVerified(String address) {
    byte[] bytes = get(address);
    String actual = sha256(bytes);
    if (!actual.equals(address)) {
      throw new ArtifactCorruptException(address, "its content hashes to " + actual);
    }
    return bytes;
  }

  /** The file of an artifact in a store on a local directory; see {@link #root()}. */
  public Path path(String address) {
    return local().file(key(address));
  }

  /** Closes the storage's connections. */
  @Override
  public void close() {
    storage.close();
  }

  /** The storage key of an address: {@code sha256/<2 hex>/<62 hex>}. */
  private static final Pattern RECORD = Pattern.compile("[a-z][a-z0-9-]{0,31}/[0-9a-f]{64}");

  /**
   * Writes a small named record outside the content-addressed space ({@code records/<name>}),
   * replacing the one there: for the step cache, whose entries are looked up by the hash of a
   * step's inputs, not of their own bytes. Stored in clear with a checksum: records hold
   * references, schemas and metrics, never rows.
   */
  public void putRecord(String name, byte[] bytes) {
    String key = recordKey(name);
    byte[] header = (CHECKSUM_MAGIC + sha256(bytes) + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] stored = new byte[header.length + bytes.length];
    System.arraycopy(header, 0, stored, 0, header.length);
    System.arraycopy(bytes, 0, stored, header.length, bytes.length);
    storage.delete(key);
    storage.putIfAbsent(key, stored);
  }

  /** A record written by {@link #putRecord}; empty when there is none or its bytes changed. */
  public java.util.Optional<byte[]> getRecord(String name) {
    return storage
        .get(recordKey(name))
        .filter(ArtifactStore::hasChecksum)
        .flatMap(
            stored -> {
              String expected =
                  new String(stored, CHECKSUM_MAGIC.length(), 71, StandardCharsets.US_ASCII);
              byte[] bytes =
                  java.util.Arrays.copyOfRange(stored, CHECKSUM_MAGIC.length() + 72, stored.length);
              return sha256(bytes).equals(expected)
                  ? java.util.Optional.of(bytes)
                  : java.util.Optional.empty();
            });
  }

  private static String recordKey(String name) {
    if (name == null || !RECORD.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "not a record name: '" + name + "', expected <kind>/<64 hex>");
    }
    return "records/" + name;
  }

  static String key(String address) {
    if (!isAddress(address)) {
      throw new IllegalArgumentException(
          "not an artifact address: '" + address + "', expected sha256:<64 hex>");
    }
    String hex = address.substring("sha256:".length());
    return "sha256/" + hex.substring(0, 2) + "/" + hex.substring(2);
  }

  private LocalBlobStorage local() {
    if (storage instanceof LocalBlobStorage local) {
      return local;
    }
    throw new UnsupportedOperationException(
        "the artifact store is "
            + storage
            + ", not a local directory: "
            + "its artifacts have no file path");
  }

  /** No artifact at that address. */
  public static final class ArtifactNotFoundException extends RuntimeException {
    public ArtifactNotFoundException(String address) {
      super("artifact " + address + " is not in the artifact store");
    }
  }

  /** An artifact's bytes no longer match its address. */
  /** The artifact's key was destroyed by an erasure: its bytes can no longer be read. */
  public static final class ArtifactErasedException extends RuntimeException {
    public ArtifactErasedException(String address, String note) {
      super(
          "artifact "
              + address
              + " was erased ("
              + note
              + "): its data key was destroyed and its bytes can no "
              + "longer be read");
    }
  }

  public static final class ArtifactCorruptException extends RuntimeException {
    public ArtifactCorruptException(String address, String problem) {
      super("artifact " + address + " is corrupt: " + problem);
    }
  }
}
