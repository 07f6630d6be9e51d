package dev.keel.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.ml.artifacts.ArtifactStore.ArtifactCorruptException;
import dev.keel.ml.artifacts.ArtifactStore.ArtifactNotFoundException;
import dev.keel.workflows.contract.DatasetRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {

  @TempDir Path dir;

  private static IngestedDataset ingest(String csv) {
    return new CsvIngestor().ingest(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void loadsAStoredVersionWithTheSameTypesAndValues() throws IOException {
    ArtifactStore store = new ArtifactStore(dir);
    IngestedDataset red;
    try (InputStream in = Files.newInputStream(CsvIngestorTest.RED)) {
      red = new CsvIngestor().ingest(in);
    }
    store.put(red.version(), red.canonical());
    Table loaded = new DatasetLoader(store).load(new DatasetRef("red", red.version()));
    CsvIngestorTest.assertSameTable(loaded, red.table());
  }

  @Test
  void corruptContentIsRejected() throws IOException {
    ArtifactStore store = new ArtifactStore(dir);
    IngestedDataset d = ingest("a,b\n1,x\n2,y\n");
    store.put(d.version(), d.canonical());
    Files.writeString(store.path(d.version()), "a,b\n1,x\n2,z\n");
    assertThatThrownBy(() -> new DatasetLoader(store).load(new DatasetRef("d", d.version())))
        .isInstanceOf(ArtifactCorruptException.class)
        .hasMessageContaining(d.version());
  }

  @Test
  void unknownVersionIsNotFound() {
    DatasetRef ref = new DatasetRef("d", ingest("a\n1\n").version());
    assertThatThrownBy(() -> new DatasetLoader(new ArtifactStore(dir)).load(ref))
        .isInstanceOf(ArtifactNotFoundException.class);
  }

  @Test
  void keepsTheLastTablesInMemory() throws IOException {
    ArtifactStore store = new ArtifactStore(dir);
    DatasetLoader loader = new DatasetLoader(store, 2);
    DatasetRef[] refs = new DatasetRef[3];
    for (int i = 0; i < refs.length; i++) {
      IngestedDataset d = ingest("n\n" + i + "\n");
      store.put(d.version(), d.canonical());
      refs[i] = new DatasetRef("d" + i, d.version());
    }
    Table first = loader.load(refs[0]);
    assertThat(loader.load(refs[0])).as("second load of the same version").isSameAs(first);

    // A cached version is served without reading the store again.
    Files.delete(store.path(refs[0].version()));
    assertThat(loader.load(refs[0])).isSameAs(first);

    loader.load(refs[1]);
    loader.load(refs[2]);
    assertThatThrownBy(() -> loader.load(refs[0]))
        .as("evicted after two other versions, so the store is read again")
        .isInstanceOf(ArtifactNotFoundException.class);
  }
}
