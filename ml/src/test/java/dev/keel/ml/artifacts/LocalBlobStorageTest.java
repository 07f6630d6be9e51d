package dev.keel.ml.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on a local directory, and the files it leaves there. */
class LocalBlobStorageTest extends BlobStorageContractTest {

  @TempDir Path dir;

  @Override
  BlobStorage newStorage() {
    return new LocalBlobStorage(dir.resolve("artifacts"));
  }

  /** The files are byte for byte what the store wrote before storage was pluggable. */
  @Test
  void anArtifactIsTheFileAtItsAddressAsBefore() throws Exception {
    ArtifactStore store = new ArtifactStore(dir.resolve("artifacts"));
    String address = store.put(CSV);
    String hex = address.substring("sha256:".length());

    Path file =
        dir.resolve("artifacts")
            .resolve("sha256")
            .resolve(hex.substring(0, 2))
            .resolve(hex.substring(2));
    assertThat(store.path(address)).isEqualTo(file.toAbsolutePath());
    assertThat(store.location(address)).isEqualTo(file.toAbsolutePath().toString());
    byte[] header =
        ("KEELSUM1 " + address + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] expected = new byte[header.length + CSV.length];
    System.arraycopy(header, 0, expected, 0, header.length);
    System.arraycopy(CSV, 0, expected, header.length, CSV.length);
    assertThat(Files.readAllBytes(file)).isEqualTo(expected);
    try (var leftovers = Files.list(file.getParent())) {
      assertThat(leftovers).containsExactly(file);
    }
  }
}
