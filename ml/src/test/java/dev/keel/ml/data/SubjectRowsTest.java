package dev.keel.ml.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SubjectRowsTest {

  static final byte[] CSV =
      ("id,name,score\nc1,\"Doe, Jane\",3\nc2,Roe,4\nc1,\"Jane \"\"JD\"\" Doe\",5\n")
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void removesEveryRowOfTheSubjectAndKeepsTheRestIntact() {
    SubjectRows.Removed r = SubjectRows.remove(CSV, "id", "c1");
    assertThat(r.hasColumn()).isTrue();
    assertThat(r.removed()).isEqualTo(2);
    assertThat(new String(r.csv(), StandardCharsets.UTF_8)).isEqualTo("id,name,score\nc2,Roe,4\n");
    SubjectRows.Removed kept = SubjectRows.remove(CSV, "id", "c2");
    assertThat(new String(kept.csv(), StandardCharsets.UTF_8))
        .isEqualTo("id,name,score\nc1,\"Doe, Jane\",3\nc1,\"Jane \"\"JD\"\" Doe\",5\n");
  }

  @Test
  void aDatasetWithoutTheColumnIsLeftAlone() {
    SubjectRows.Removed r = SubjectRows.remove(CSV, "customer", "c1");
    assertThat(r.hasColumn()).isFalse();
    assertThat(r.removed()).isZero();
    assertThat(r.csv()).isEqualTo(CSV);
  }
}
