package dev.keel.ml.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.ml.artifacts.ArtifactStore.ArtifactCorruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artifacts at rest: encrypted with a per-artifact key, checked on every read, readable across key
 * rotation.
 */
class EncryptedArtifactStoreTest {

  static final byte[] CSV =
      "fixed_acidity,alcohol,quality\n7.4,9.4,5\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path root;

  static String key(String id) {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return id + ":" + Base64.getEncoder().encodeToString(bytes);
  }

  static ArtifactStore store(Path root, String keys) {
    return new ArtifactStore(root, new ArtifactCipher(KeyRing.parse(keys, "test")));
  }

  @Test
  void anArtifactIsUnreadableOnDiskAndReadsBackWhole() throws Exception {
    ArtifactStore store = store(root, key("k1"));
    String address = store.put(CSV);

    byte[] onDisk = Files.readAllBytes(store.path(address));
    assertThat(new String(onDisk, StandardCharsets.ISO_8859_1))
        .startsWith("KEELSUM1 sha256:")
        .contains("\nKEELAE1")
        .doesNotContain("alcohol");
    assertThat(store.get(address)).isEqualTo(CSV);
    assertThat(store.getVerified(address)).isEqualTo(CSV);
  }

  @Test
  void aShreddedArtifactKeepsItsCiphertextButNoKeyOpensIt() throws Exception {
    ArtifactStore store = store(root, key("k1"));
    String address = store.put(CSV);
    ArtifactCipher.WrappedKey wrapped = store.wrappedKey(address).orElseThrow();
    assertThat(wrapped.keyId()).isEqualTo("k1");
    byte[] before = Files.readAllBytes(store.path(address));
    byte[] tail = java.util.Arrays.copyOfRange(before, before.length - 40, before.length);

    store.shred(address, "by erasure-1");
    store.shred(address, "by erasure-1"); // again: nothing changes

    byte[] after = Files.readAllBytes(store.path(address));
    assertThat(new String(after, StandardCharsets.ISO_8859_1))
        .startsWith("KEELSHR1 by erasure-1\n")
        .doesNotContain("KEELAE1")
        .doesNotContain("alcohol");
    assertThat(new String(after, StandardCharsets.ISO_8859_1))
        .endsWith(new String(tail, StandardCharsets.ISO_8859_1));
    assertThat(new String(after, StandardCharsets.ISO_8859_1))
        .doesNotContain(new String(wrapped.sealed(), StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> store.getVerified(address))
        .isInstanceOf(ArtifactStore.ArtifactErasedException.class)
        .hasMessageContaining("was erased (by erasure-1)");
    assertThat(store.wrappedKey(address)).isEmpty();
  }

  @Test
  void oneChangedByteIsFoundOnRead() throws Exception {
    ArtifactStore store = store(root, key("k1"));
    String address = store.put(CSV);
    Path file = store.path(address);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 3] ^= 1;
    Files.write(file, bytes);

    assertThatThrownBy(() -> store.get(address))
        .isInstanceOf(ArtifactCorruptException.class)
        .hasMessageContaining("not to the checksum");
    // an attacker who also rewrites the checksum line still cannot get altered content past AES-GCM
    int newline = new String(bytes, StandardCharsets.ISO_8859_1).indexOf('\n');
    byte[] body = java.util.Arrays.copyOfRange(bytes, newline + 1, bytes.length);
    Files.write(
        file,
        ("KEELSUM1 "
                + ArtifactStore.sha256(body)
                + "\n"
                + new String(body, StandardCharsets.ISO_8859_1))
            .getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> store.get(address))
        .isInstanceOf(ArtifactCorruptException.class)
        .hasMessageContaining("does not open");
  }

  @Test
  void anArtifactCopiedToAnotherAddressDoesNotOpen() throws Exception {
    ArtifactStore store = store(root, key("k1"));
    String address = store.put(CSV);
    String other = store.put("x\n1\n".getBytes(StandardCharsets.UTF_8));
    Files.copy(
        store.path(address), store.path(other), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertThatThrownBy(() -> store.get(other))
        .isInstanceOf(ArtifactCorruptException.class)
        .hasMessageContaining("moved to another address");
  }

  @Test
  void concurrentWritersOfOneAddressLeaveAConsistentArtifact() throws Exception {
    ArtifactStore store = store(root, key("k1"));
    String address = ArtifactStore.sha256(CSV);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 20; round++) {
        Files.deleteIfExists(store.path(address));
        java.util.List<java.util.concurrent.Future<?>> writes = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
          writes.add(pool.submit(() -> store.put(address, CSV)));
        }
        for (java.util.concurrent.Future<?> w : writes) {
          w.get();
        }
        assertThat(store.get(address)).as("round " + round).isEqualTo(CSV);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void rotationKeepsOldArtifactsReadableAndTheNewKeySealsNewOnes() {
    String k1 = key("2026-01");
    String k2 = key("2026-07");
    String old = store(root, k1).put(CSV);
    ArtifactStore rotated = store(root, k1 + "\n" + k2);
    assertThat(rotated.get(old)).isEqualTo(CSV);
    String fresh = rotated.put("y\n2\n".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> store(root, k1).get(fresh))
        .hasMessageContaining("'2026-07', which is not configured");
    assertThatThrownBy(() -> new ArtifactStore(root).get(old))
        .hasMessageContaining("no artifact keys");
  }

  @Test
  void artifactsWrittenBeforeEncryptionStillReadAndPlainOnesAreCheckedToo() throws Exception {
    ArtifactStore plain = new ArtifactStore(root);
    String address = plain.put(CSV);
    assertThat(store(root, key("k1")).get(address)).isEqualTo(CSV);

    Path file = plain.path(address);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 2] ^= 1;
    Files.write(file, bytes);
    assertThatThrownBy(() -> plain.get(address))
        .isInstanceOf(ArtifactCorruptException.class)
        .hasMessageContaining("not to the checksum");
  }
}
