package dev.keel.ml.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.ml.artifacts.ArtifactStore.ArtifactCorruptException;
import dev.keel.ml.artifacts.ArtifactStore.ArtifactNotFoundException;
import dev.keel.ml.crypto.ArtifactCipher;
import dev.keel.ml.crypto.KeyRing;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link BlobStorage} and of an {@link ArtifactStore} on it, run by every
 * implementation: what a caller of the store sees must not depend on where the bytes are.
 */
abstract class BlobStorageContractTest {

  static final byte[] CSV =
      "fixed_acidity,alcohol,quality\n7.4,9.4,5\n7.8,9.8,5\n".getBytes(StandardCharsets.UTF_8);

  BlobStorage storage;

  /** A new, empty storage for one test. */
  abstract BlobStorage newStorage() throws Exception;

  @BeforeEach
  void open() throws Exception {
    storage = newStorage();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  static ArtifactCipher cipher() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new ArtifactCipher(
        KeyRing.parse("k1:" + Base64.getEncoder().encodeToString(key), "test"));
  }

  @Test
  void anObjectReadsBackAsWritten() {
    assertThat(storage.putIfAbsent("sha256/ab/cd", CSV)).isTrue();

    assertThat(storage.exists("sha256/ab/cd")).isTrue();
    assertThat(storage.get("sha256/ab/cd")).hasValueSatisfying(b -> assertThat(b).isEqualTo(CSV));
  }

  @Test
  void aKeyAlreadyWrittenKeepsItsFirstObject() {
    storage.putIfAbsent("sha256/ab/cd", CSV);

    assertThat(storage.putIfAbsent("sha256/ab/cd", "other".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
    assertThat(storage.get("sha256/ab/cd")).hasValueSatisfying(b -> assertThat(b).isEqualTo(CSV));
  }

  @Test
  void aMissingKeyIsEmptyAndDeletingItIsHarmless() {
    assertThat(storage.get("sha256/00/missing")).isEmpty();
    assertThat(storage.exists("sha256/00/missing")).isFalse();

    storage.delete("sha256/00/missing");
    storage.putIfAbsent("sha256/ab/cd", CSV);
    storage.delete("sha256/ab/cd");

    assertThat(storage.get("sha256/ab/cd")).isEmpty();
    assertThat(storage.putIfAbsent("sha256/ab/cd", new byte[0])).isTrue();
    assertThat(storage.get("sha256/ab/cd")).hasValueSatisfying(b -> assertThat(b).isEmpty());
  }

  @Test
  void anArtifactRoundTripsUnderItsAddressAndTwoWritesAreOne() {
    ArtifactStore store = new ArtifactStore(storage, null);
    String address = store.put(CSV);

    assertThat(address).isEqualTo(ArtifactStore.sha256(CSV));
    assertThat(store.exists(address)).isTrue();
    assertThat(store.getVerified(address)).isEqualTo(CSV);
    byte[] stored = storage.get(ArtifactStore.key(address)).orElseThrow();
    assertThat(store.put(CSV)).isEqualTo(address);
    assertThat(storage.get(ArtifactStore.key(address)))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(stored));
    assertThat(new String(stored, StandardCharsets.US_ASCII))
        .isEqualTo(
            "KEELSUM1 "
                + ArtifactStore.sha256(CSV)
                + "\n"
                + new String(CSV, StandardCharsets.US_ASCII));
  }

  @Test
  void anEncryptedArtifactIsUnreadableInStorageAndReadsBackWhole() {
    ArtifactStore store = new ArtifactStore(storage, cipher());
    String address = store.put(CSV);

    String stored =
        new String(
            storage.get(ArtifactStore.key(address)).orElseThrow(), StandardCharsets.ISO_8859_1);
    assertThat(stored)
        .startsWith("KEELSUM1 sha256:")
        .contains("\nKEELAE1")
        .doesNotContain("alcohol");
    assertThat(store.getVerified(address)).isEqualTo(CSV);
    assertThatThrownBy(() -> new ArtifactStore(storage, null).get(address))
        .hasMessageContaining("no artifact keys");
  }

  @Test
  void changedBytesInStorageAreFoundOnRead() {
    ArtifactStore store = new ArtifactStore(storage, cipher());
    String address = store.put(CSV);
    String key = ArtifactStore.key(address);
    byte[] bytes = storage.get(key).orElseThrow();
    bytes[bytes.length - 3] ^= 1;
    storage.delete(key);
    storage.putIfAbsent(key, bytes);

    assertThatThrownBy(() -> store.get(address))
        .isInstanceOf(ArtifactCorruptException.class)
        .hasMessageContaining("not to the checksum");
  }

  @Test
  void aMissingArtifactIsNotFound() {
    ArtifactStore store = new ArtifactStore(storage, null);
    String address = ArtifactStore.sha256("never stored".getBytes(StandardCharsets.UTF_8));

    assertThat(store.exists(address)).isFalse();
    assertThatThrownBy(() -> store.get(address))
        .isInstanceOf(ArtifactNotFoundException.class)
        .hasMessage("artifact " + address + " is not in the artifact store");
    assertThatThrownBy(() -> store.get("sha256:nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected sha256:<64 hex>");
  }

  @Test
  void aModelStoresUnderTheAddressItIsGiven() {
    ArtifactStore store = new ArtifactStore(storage, cipher());
    String address = ArtifactStore.sha256("canonical form".getBytes(StandardCharsets.UTF_8));
    store.put(address, CSV);

    assertThat(store.get(address)).isEqualTo(CSV);
    assertThatThrownBy(() -> store.getVerified(address))
        .isInstanceOf(ArtifactCorruptException.class)
        .hasMessageContaining("its content hashes to " + ArtifactStore.sha256(CSV));
  }
}
