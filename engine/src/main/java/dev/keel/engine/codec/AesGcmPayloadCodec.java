package dev.keel.engine.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.keel.ml.crypto.KeyRing;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts each Temporal payload whole (its metadata and data) with AES-256-GCM under the newest
 * key; the key id travels in the encrypted payload's metadata (and is authenticated as associated
 * data), so any configured key can decrypt. Payloads that are not encrypted pass through {@link
 * #decode} unchanged (histories written before encryption was turned on stay readable).
 */
public final class AesGcmPayloadCodec implements PayloadCodec {

  /** Metadata {@code encoding} of an encrypted payload. */
  public static final String ENCODING = "binary/encrypted";

  /** Metadata key naming the key a payload was encrypted with. */
  public static final String KEY_ID = "encryption-key-id";

  /** Metadata key naming the cipher. */
  public static final String CIPHER = "encryption-cipher";

  private static final String CIPHER_NAME = "AES-256-GCM";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final KeyRing keys;
  private final SecureRandom random = new SecureRandom();

  public AesGcmPayloadCodec(KeyRing keys) {
    this.keys = keys;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  private Payload encrypt(Payload payload) {
    String id = keys.newestId();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.newest(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(payload.toByteArray());
      return Payload.newBuilder()
          .putMetadata("encoding", ByteString.copyFromUtf8(ENCODING))
          .putMetadata(KEY_ID, ByteString.copyFromUtf8(id))
          .putMetadata(CIPHER, ByteString.copyFromUtf8(CIPHER_NAME))
          .setData(
              ByteString.copyFrom(
                  ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array()))
          .build();
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("cannot encrypt a payload with key '" + id + "'", e);
    }
  }

  private Payload decrypt(Payload payload) {
    ByteString encoding = payload.getMetadataMap().get("encoding");
    if (encoding == null || !ENCODING.equals(encoding.toStringUtf8())) {
      return payload;
    }
    ByteString idBytes = payload.getMetadataMap().get(KEY_ID);
    String id = idBytes == null ? null : idBytes.toStringUtf8();
    SecretKey key = id == null ? null : keys.get(id);
    if (key == null) {
      throw new PayloadCodecException(
          "payload was encrypted with key '"
              + id
              + "', which is not configured here "
              + "(configured: "
              + keys.ids()
              + ")");
    }
    byte[] data = payload.getData().toByteArray();
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new PayloadCodecException("encrypted payload is too short (" + data.length + " bytes)");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
      return Payload.parseFrom(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES));
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(
          "payload encrypted with key '"
              + id
              + "' does not decrypt: it was altered or "
              + "the key is not the one it was encrypted with",
          e);
    } catch (InvalidProtocolBufferException e) {
      throw new PayloadCodecException("decrypted payload is not a Temporal payload", e);
    }
  }
}
