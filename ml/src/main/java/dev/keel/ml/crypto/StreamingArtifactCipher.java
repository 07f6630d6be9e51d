package dev.keel.ml.crypto;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption for files too large to hold in memory (the MLflow artifact proxy's uploads):
 * a random AES-256 data key per file, sealed with the newest {@link KeyRing} key, and the content
 * in 64 KiB segments, each sealed with AES-GCM under a nonce made of its index and a last-segment
 * flag. The associated data binds every seal to the file's {@code name}, so a file moved to another
 * name, truncated, reordered or altered does not open.
 *
 * <p>Layout: {@code KEELSA1\n} · key-id length (1 byte) · key id · 12-byte nonce · sealed data key
 * (48 bytes) · segments (each 64 KiB of content plus a 16-byte tag; the last one shorter, possibly
 * empty).
 */
public final class StreamingArtifactCipher {

  private static final byte[] MAGIC = "KEELSA1\n".getBytes(StandardCharsets.US_ASCII);
  static final int SEGMENT = 64 * 1024;
  private static final int NONCE = 12;
  private static final int TAG = 16;
  private static final int SEALED_KEY = 32 + TAG;

  private final KeyRing keys;
  private final SecureRandom random = new SecureRandom();

  public StreamingArtifactCipher(KeyRing keys) {
    this.keys = keys;
  }

  /** Whether a file's first bytes are this cipher's header. */
  public static boolean sealed(byte[] head, int length) {
    return length >= MAGIC.length && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /** How many bytes of magic {@link #sealed} needs to see. */
  public static int magicLength() {
    return MAGIC.length;
  }

  /** Encrypts {@code plain} to {@code out}; returns the number of content bytes. */
  public long seal(String name, InputStream plain, OutputStream out) throws IOException {
    String id = keys.newestId();
    byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
    byte[] dataKey = new byte[32];
    random.nextBytes(dataKey);
    byte[] keyNonce = new byte[NONCE];
    random.nextBytes(keyNonce);
    out.write(MAGIC);
    out.write(idBytes.length);
    out.write(idBytes);
    out.write(keyNonce);
    out.write(
        gcm(
            Cipher.ENCRYPT_MODE,
            keys.newest(),
            keyNonce,
            keyAad(name, id),
            dataKey,
            dataKey.length));
    SecretKey key = new SecretKeySpec(dataKey, "AES");
    byte[] aad = name.getBytes(StandardCharsets.UTF_8);
    byte[] current = new byte[SEGMENT];
    byte[] next = new byte[SEGMENT];
    int n = plain.readNBytes(current, 0, SEGMENT);
    long total = n;
    for (long index = 0; ; index++) {
      int m = n < SEGMENT ? 0 : plain.readNBytes(next, 0, SEGMENT);
      boolean last = n < SEGMENT || m == 0;
      out.write(gcm(Cipher.ENCRYPT_MODE, key, segmentNonce(index, last), aad, current, n));
      if (last) {
        return total;
      }
      byte[] swap = current;
      current = next;
      next = swap;
      n = m;
      total += m;
    }
  }

  /**
   * Decrypts a file written by {@link #seal} to {@code out}, checking every segment before writing
   * it.
   */
  public void open(String name, InputStream stored, OutputStream out) throws IOException {
    DataInputStream in = new DataInputStream(stored);
    byte[] magic = new byte[MAGIC.length];
    in.readFully(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IllegalArgumentException("artifact " + name + " is not encrypted");
    }
    byte[] idBytes = new byte[in.readUnsignedByte()];
    in.readFully(idBytes);
    String id = new String(idBytes, StandardCharsets.US_ASCII);
    SecretKey kek = keys.get(id);
    if (kek == null) {
      throw new SecurityException(
          "artifact "
              + name
              + " was encrypted with key '"
              + id
              + "', which is not "
              + "configured (configured: "
              + keys.ids()
              + ")");
    }
    byte[] keyNonce = new byte[NONCE];
    in.readFully(keyNonce);
    byte[] sealedKey = new byte[SEALED_KEY];
    in.readFully(sealedKey);
    SecretKey key =
        new SecretKeySpec(
            gcm(Cipher.DECRYPT_MODE, kek, keyNonce, keyAad(name, id), sealedKey, SEALED_KEY),
            "AES");
    byte[] aad = name.getBytes(StandardCharsets.UTF_8);
    byte[] current = new byte[SEGMENT + TAG];
    byte[] next = new byte[SEGMENT + TAG];
    int n = in.readNBytes(current, 0, current.length);
    for (long index = 0; ; index++) {
      if (n < TAG) {
        throw new SecurityException("artifact " + name + " is truncated");
      }
      int m = n < current.length ? 0 : in.readNBytes(next, 0, next.length);
      boolean last = m == 0;
      out.write(gcm(Cipher.DECRYPT_MODE, key, segmentNonce(index, last), aad, current, n));
      if (last) {
        return;
      }
      byte[] swap = current;
      current = next;
      next = swap;
      n = m;
    }
  }

  /**
   * The content size of a sealed file of {@code storedSize} bytes whose key id is {@code
   * keyIdLength} long.
   */
  public static long contentSize(long storedSize, int keyIdLength) {
    long body = storedSize - (MAGIC.length + 1 + keyIdLength + NONCE + SEALED_KEY);
    long segments = Math.max(1, (body + SEGMENT + TAG - 1) / (SEGMENT + TAG));
    return body - segments * TAG;
  }

  private static byte[] segmentNonce(long index, boolean last) {
    return ByteBuffer.allocate(NONCE).putLong(index).putInt(last ? 1 : 0).array();
  }

  private static byte[] keyAad(String name, String keyId) {
    return ("keel-streamed-artifact-key|" + keyId + "|" + name).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gcm(
      int mode, SecretKey key, byte[] nonce, byte[] aad, byte[] in, int length) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG * 8, nonce));
      cipher.updateAAD(aad);
      return cipher.doFinal(in, 0, length);
    } catch (AEADBadTagException e) {
      throw new SecurityException(
          "an encrypted artifact does not open: it was altered, truncated, moved to "
              + "another name, or sealed with another key",
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }
}
