package dev.keel.ml.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of artifacts at rest: each artifact gets its own random AES-256 data key,
 * which is sealed with the newest key of the {@link KeyRing} (the key-encryption key, named by id
 * in the file so older keys keep opening older artifacts). Both seals are AES-GCM with the
 * artifact's address as associated data, so an artifact moved to another address, or altered by one
 * bit, does not open.
 *
 * <p>Layout: {@code KEELAE1\n} · key-id length (1 byte) · key id · 12-byte nonce · sealed data key
 * (48 bytes) · 12-byte nonce · sealed content.
 */
public final class ArtifactCipher {

  private static final byte[] MAGIC = "KEELAE1\n".getBytes(StandardCharsets.US_ASCII);
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final int SEALED_KEY = 32 + TAG_BITS / 8;

  private final KeyRing keys;
  private final SecureRandom random = new SecureRandom();

  public ArtifactCipher(KeyRing keys) {
    this.keys = keys;
  }

  private static final byte[] SHREDDED = "KEELSHR1".getBytes(StandardCharsets.US_ASCII);

  /**
   * The sealed data key in an encrypted artifact's header: the key-encryption key's id and the
   * sealed bytes.
   */
  public record WrappedKey(String keyId, byte[] sealed) {}

  /** The sealed data key of stored bytes written by {@link #seal}. */
  public static WrappedKey wrappedKey(byte[] stored) {
    if (!sealed(stored)) {
      throw new IllegalArgumentException("not an encrypted artifact");
    }
    ByteBuffer in = ByteBuffer.wrap(stored, MAGIC.length, stored.length - MAGIC.length);
    byte[] idBytes = new byte[in.get() & 0xff];
    in.get(idBytes);
    byte[] sealedKey = new byte[NONCE + SEALED_KEY];
    in.get(sealedKey);
    return new WrappedKey(new String(idBytes, StandardCharsets.US_ASCII), sealedKey);
  }

  /**
   * Crypto-shreds stored bytes: the header with the sealed data key is replaced by {@code KEELSHR1}
   * and a one-line {@code note}; the content ciphertext stays as it was, and no key that opens it
   * exists any more. Plain (not encrypted) bytes cannot be shredded this way and are dropped: only
   * the note remains.
   */
  public static byte[] shred(byte[] stored, String note) {
    byte[] line = (" " + note.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8);
    int offset = stored.length;
    if (sealed(stored)) {
      offset = MAGIC.length + 1 + (stored[MAGIC.length] & 0xff) + NONCE + SEALED_KEY;
    }
    return ByteBuffer.allocate(SHREDDED.length + line.length + stored.length - offset)
        .put(SHREDDED)
        .put(line)
        .put(stored, offset, stored.length - offset)
        .array();
  }

  /** The note of shredded bytes, or null when they are not shredded. */
  public static String shredNote(byte[] stored) {
    if (stored.length < SHREDDED.length
        || !Arrays.equals(stored, 0, SHREDDED.length, SHREDDED, 0, SHREDDED.length)) {
      return null;
    }
    int end = SHREDDED.length;
    while (end < stored.length && stored[end] != '\n') {
      end++;
    }
    return new String(stored, SHREDDED.length, end - SHREDDED.length, StandardCharsets.UTF_8)
        .trim();
  }

  /** Whether stored bytes are an encrypted artifact. */
  public static boolean sealed(byte[] stored) {
    return stored.length >= MAGIC.length
        && Arrays.equals(stored, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  public byte[] seal(String address, byte[] plain) {
    String id = keys.newestId();
    byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
    byte[] dataKey = new byte[32];
    random.nextBytes(dataKey);
    byte[] keyNonce = nonce();
    byte[] dataNonce = nonce();
    byte[] sealedKey =
        gcm(
            Cipher.ENCRYPT_MODE,
            keys.newest(),
            keyNonce,
            keyAad(address, id),
            dataKey,
            0,
            dataKey.length);
    byte[] sealedData =
        gcm(
            Cipher.ENCRYPT_MODE,
            new SecretKeySpec(dataKey, "AES"),
            dataNonce,
            address.getBytes(StandardCharsets.US_ASCII),
            plain,
            0,
            plain.length);
    return ByteBuffer.allocate(
            MAGIC.length
                + 1
                + idBytes.length
                + NONCE
                + sealedKey.length
                + NONCE
                + sealedData.length)
        .put(MAGIC)
        .put((byte) idBytes.length)
        .put(idBytes)
        .put(keyNonce)
        .put(sealedKey)
        .put(dataNonce)
        .put(sealedData)
        .array();
  }

  public byte[] open(String address, byte[] stored) {
    if (!sealed(stored)) {
      throw new IllegalArgumentException("artifact " + address + " is not encrypted");
    }
    ByteBuffer in = ByteBuffer.wrap(stored, MAGIC.length, stored.length - MAGIC.length);
    byte[] idBytes = new byte[in.get() & 0xff];
    in.get(idBytes);
    String id = new String(idBytes, StandardCharsets.US_ASCII);
    SecretKey kek = keys.get(id);
    if (kek == null) {
      throw new SecurityException(
          "artifact "
              + address
              + " was encrypted with key '"
              + id
              + "', which is not "
              + "configured (configured: "
              + keys.ids()
              + ")");
    }
    byte[] keyNonce = new byte[NONCE];
    in.get(keyNonce);
    byte[] sealedKey = new byte[SEALED_KEY];
    in.get(sealedKey);
    byte[] dataNonce = new byte[NONCE];
    in.get(dataNonce);
    byte[] dataKey =
        gcm(
            Cipher.DECRYPT_MODE,
            kek,
            keyNonce,
            keyAad(address, id),
            sealedKey,
            0,
            sealedKey.length);
    return gcm(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(dataKey, "AES"),
        dataNonce,
        address.getBytes(StandardCharsets.US_ASCII),
        stored,
        in.position(),
        stored.length - in.position());
  }

  private byte[] nonce() {
    byte[] n = new byte[NONCE];
    random.nextBytes(n);
    return n;
  }

  private static byte[] keyAad(String address, String keyId) {
    return ("keel-artifact-key|" + keyId + "|" + address).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] gcm(
      int mode, SecretKey key, byte[] nonce, byte[] aad, byte[] in, int offset, int length) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad);
      return cipher.doFinal(in, offset, length);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new SecurityException(
          "an encrypted artifact does not open: it was altered, moved to another address, "
              + "or sealed with another key",
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }
}
