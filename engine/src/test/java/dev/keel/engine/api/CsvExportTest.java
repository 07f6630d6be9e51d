package dev.keel.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvExportTest {

  @Test
  void formulaLikeCellsStayTextAndQuotingFollowsRfc4180() {
    assertThat(
            CsvExport.row(Arrays.asList("=1+2", "+SUM(A1)", "-3", "@cmd", "\tx", "plain", null, 7)))
        .isEqualTo("\"'=1+2\",\"'+SUM(A1)\",\"'-3\",\"'@cmd\",\"'\tx\",plain,,7\r\n");
    assertThat(CsvExport.row(Arrays.asList("a,b", "say \"hi\"", "two\nlines")))
        .isEqualTo("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
  }
}
