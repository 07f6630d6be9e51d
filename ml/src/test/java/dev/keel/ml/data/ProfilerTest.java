package dev.keel.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProfilerTest {

  private static DatasetProfile red() throws IOException {
    try (InputStream in = Files.newInputStream(CsvIngestorTest.RED)) {
      return new CsvIngestor().ingest(in).profile();
    }
  }

  private static DatasetProfile profile(String csv) {
    return new CsvIngestor()
        .ingest(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)))
        .profile();
  }

  private static ColumnProfile column(DatasetProfile p, String name) {
    return p.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void profilesTheRedWineFile() throws IOException {
    DatasetProfile p = red();
    assertThat(p.rows()).isEqualTo(1599);
    assertThat(p.columns()).hasSize(12).extracting(ColumnProfile::type).containsOnly("numeric");
    ColumnProfile alcohol = column(p, "alcohol");
    assertThat(alcohol.count()).isEqualTo(1599);
    assertThat(alcohol.missing()).isZero();
    assertThat(alcohol.min()).isEqualTo(8.4);
    assertThat(alcohol.max()).isEqualTo(14.9);
    assertThat(alcohol.mean()).isCloseTo(10.42298, within(1e-4));
    assertThat(alcohol.std()).isCloseTo(1.065668, within(1e-4));
    assertThat(alcohol.frequencies()).isNull();
    for (ColumnProfile c : p.columns()) {
      List<Double> edges = c.binEdges();
      assertThat(edges)
          .as(c.name())
          .hasSize(c.binCounts().size() + 1)
          .isSorted()
          .doesNotHaveDuplicates();
      assertThat(edges.get(0)).isEqualTo(c.min());
      assertThat(edges.get(edges.size() - 1)).isEqualTo(c.max());
      assertThat(c.binCounts().stream().mapToLong(Long::longValue).sum())
          .as(c.name())
          .isEqualTo(c.count());
      assertThat(c.binCounts()).as("no empty bin in " + c.name()).allMatch(n -> n > 0);
      assertThat(c.binCounts().size()).isLessThanOrEqualTo(Profiler.BINS);
    }
    assertThat(alcohol.binCounts()).hasSize(10);
    ColumnProfile quality = column(p, "quality");
    assertThat(quality.distinct()).isEqualTo(6);
    assertThat(quality.binEdges()).as("deciles of few distinct values merge").hasSizeLessThan(11);
  }

  @Test
  void decileBinsHoldAboutATenthEach() {
    String csv =
        "v\n"
            + IntStream.rangeClosed(1, 100)
                .mapToObj(Integer::toString)
                .collect(Collectors.joining("\n"));
    ColumnProfile v = profile(csv).columns().get(0);
    assertThat(v.binEdges())
        .containsExactly(1.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0);
    assertThat(v.binCounts()).containsExactly(9L, 10L, 10L, 10L, 10L, 10L, 10L, 10L, 10L, 11L);
  }

  @Test
  void binOfPlacesValuesAndOutOfRangeValuesInTheEndBins() {
    List<Double> edges = List.of(1.0, 2.0, 4.0, 8.0);
    assertThat(Profiler.binOf(edges, -100)).isZero();
    assertThat(Profiler.binOf(edges, 1.0)).isZero();
    assertThat(Profiler.binOf(edges, 1.99)).isZero();
    assertThat(Profiler.binOf(edges, 2.0)).isEqualTo(1);
    assertThat(Profiler.binOf(edges, 3.5)).isEqualTo(1);
    assertThat(Profiler.binOf(edges, 4.0)).isEqualTo(2);
    assertThat(Profiler.binOf(edges, 8.0)).as("last bin includes max").isEqualTo(2);
    assertThat(Profiler.binOf(edges, 1e9)).isEqualTo(2);
    assertThat(Profiler.binOf(List.of(5.0, 5.0), 7.0)).isZero();
    assertThatThrownBy(() -> Profiler.binOf(edges, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void binOfAgreesWithTheProfileCounts() throws IOException {
    ColumnProfile sulphates = column(red(), "sulphates");
    long[] counts = new long[sulphates.binCounts().size()];
    try (InputStream in = Files.newInputStream(CsvIngestorTest.RED)) {
      for (double v :
          new CsvIngestor().ingest(in).table().column("sulphates").orElseThrow().numbers()) {
        counts[Profiler.binOf(sulphates.binEdges(), v)]++;
      }
    }
    assertThat(counts)
        .containsExactly(sulphates.binCounts().stream().mapToLong(Long::longValue).toArray());
  }

  @Test
  void constantColumnHasOneBin() {
    ColumnProfile c = profile("v\n3\n3\n3\n").columns().get(0);
    assertThat(c.binEdges()).containsExactly(3.0, 3.0);
    assertThat(c.binCounts()).containsExactly(3L);
    assertThat(c.std()).isEqualTo(0.0);
  }

  @Test
  void categoricalColumnCountsItsMostCommonValues() {
    DatasetProfile p = profile("colour,n\nred,1\nwhite,2\nred,3\nNA,4\nrose,5\nwhite,6\nred,7\n");
    ColumnProfile colour = column(p, "colour");
    assertThat(colour.type()).isEqualTo("categorical");
    assertThat(colour.count()).isEqualTo(6);
    assertThat(colour.missing()).isEqualTo(1);
    assertThat(colour.distinct()).isEqualTo(3);
    assertThat(colour.frequencies())
        .containsExactly(Map.entry("red", 3L), Map.entry("white", 2L), Map.entry("rose", 1L));
    assertThat(colour.min()).isNull();
    assertThat(colour.binEdges()).isNull();
  }

  @Test
  void categoricalValuesBeyondTheFiftyMostCommonAreCountedAsOther() {
    StringBuilder csv = new StringBuilder("id\n");
    for (int i = 0; i < 60; i++) {
      csv.append("v").append(String.format("%02d", i)).append('\n');
    }
    csv.append("v59\nv59\nv58\n");
    ColumnProfile id = profile(csv.toString()).columns().get(0);
    assertThat(id.distinct()).isEqualTo(60);
    assertThat(id.frequencies()).hasSize(51);
    assertThat(id.frequencies().keySet()).startsWith("v59", "v58", "v00", "v01");
    assertThat(id.frequencies().get(Profiler.OTHER)).isEqualTo(10);
    assertThat(id.frequencies().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(id.count());
  }

  @Test
  void profileSurvivesJsonRoundTrip() throws IOException {
    ObjectMapper json = new ObjectMapper();
    DatasetProfile p = profile("colour,n\nred,1.5\nwhite,2\nred,NA\n");
    String text = json.writeValueAsString(p);
    DatasetProfile back = json.readValue(text, DatasetProfile.class);
    assertThat(back).isEqualTo(p);
    DatasetProfile withExtra =
        json.readValue(text.replaceFirst("\\{", "{\"future\":1,"), DatasetProfile.class);
    assertThat(withExtra).isEqualTo(p);
  }
}
