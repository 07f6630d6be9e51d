package dev.keel.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.keel.ml.crypto.KeyRing;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodecException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class AesGcmPayloadCodecTest {

  static final Payload PLAIN =
      Payload.newBuilder()
          .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
          .setData(
              ByteString.copyFromUtf8(
                  "{\"model\":\"credit-risk\",\"subject\":\"alice@example.com\"}"))
          .build();

  static String key(String id) {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return id + ":" + Base64.getEncoder().encodeToString(bytes);
  }

  @Test
  void encryptsWithTheNewestKeyAndHidesThePlaintext() {
    AesGcmPayloadCodec codec =
        new AesGcmPayloadCodec(KeyRing.parse(key("k1") + "\n" + key("k2"), "test"));

    Payload sealed = codec.encode(List.of(PLAIN)).get(0);

    assertThat(sealed.getMetadataMap().get("encoding").toStringUtf8())
        .isEqualTo("binary/encrypted");
    assertThat(sealed.getMetadataMap().get(AesGcmPayloadCodec.KEY_ID).toStringUtf8())
        .isEqualTo("k2");
    assertThat(new String(sealed.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("credit-risk")
        .doesNotContain("alice")
        .doesNotContain("json/plain");
    assertThat(codec.decode(List.of(sealed))).containsExactly(PLAIN);
    assertThat(codec.encode(List.of(PLAIN)).get(0).getData())
        .isNotEqualTo(sealed.getData()); // fresh nonce
  }

  @Test
  void rotationKeepsOldPayloadsReadableWhileTheNewKeyEncrypts() {
    String k1 = key("2026-01");
    String k2 = key("2026-07");
    Payload old = new AesGcmPayloadCodec(KeyRing.parse(k1, "before")).encode(List.of(PLAIN)).get(0);
    AesGcmPayloadCodec rotated = new AesGcmPayloadCodec(KeyRing.parse(k1 + "," + k2, "after"));

    assertThat(rotated.decode(List.of(old))).containsExactly(PLAIN);
    Payload fresh = rotated.encode(List.of(PLAIN)).get(0);
    assertThat(fresh.getMetadataMap().get(AesGcmPayloadCodec.KEY_ID).toStringUtf8())
        .isEqualTo("2026-07");

    AesGcmPayloadCodec retired = new AesGcmPayloadCodec(KeyRing.parse(k2, "retired"));
    assertThatThrownBy(() -> retired.decode(List.of(old)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("'2026-01'")
        .hasMessageContaining("not configured");
  }

  @Test
  void anAlteredPayloadIsRefused() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(KeyRing.parse(key("k1"), "test"));
    Payload sealed = codec.encode(List.of(PLAIN)).get(0);
    byte[] data = sealed.getData().toByteArray();
    data[data.length - 1] ^= 1;

    assertThatThrownBy(
            () ->
                codec.decode(
                    List.of(sealed.toBuilder().setData(ByteString.copyFrom(data)).build())))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("altered");
  }

  @Test
  void plainPayloadsPassThroughDecode() {
    AesGcmPayloadCodec codec = new AesGcmPayloadCodec(KeyRing.parse(key("k1"), "test"));
    assertThat(codec.decode(List.of(PLAIN))).containsExactly(PLAIN);
  }

  @Test
  void malformedKeyListsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> KeyRing.parse("# nothing\n", "f"))
        .hasMessageContaining("holds no key");
    assertThatThrownBy(
            () -> KeyRing.parse("k1:" + Base64.getEncoder().encodeToString(new byte[16]), "f"))
        .hasMessageContaining("16 bytes; expected 32");
    assertThatThrownBy(() -> KeyRing.parse("k1:***", "f")).hasMessageContaining("not base64");
    assertThatThrownBy(() -> KeyRing.parse("bad id:" + key("x").substring(2), "f"))
        .hasMessageContaining("expected <id>:<base64 key>");
    String k = key("same");
    assertThatThrownBy(() -> KeyRing.parse(k + "\n" + k, "f"))
        .hasMessageContaining("appears twice");
  }
}
