package dev.keel.engine.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.engine.mlflow.TrackingChecks.Limit;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MLflow's limits on counts and lengths, and the page-token codec, table by table. */
class TrackingChecksTest {

  static final Map<String, Limit> LIMITS =
      Map.of(
          "BATCH_METRICS",
          Limit.BATCH_METRICS,
          "BATCH_PARAMS",
          Limit.BATCH_PARAMS,
          "BATCH_TAGS",
          Limit.BATCH_TAGS,
          "BATCH_ITEMS",
          Limit.BATCH_ITEMS,
          "KEY",
          Limit.KEY,
          "PARAM_VALUE",
          Limit.PARAM_VALUE,
          "TAG_VALUE",
          Limit.TAG_VALUE,
          "RUN_ID",
          Limit.RUN_ID,
          "MAX_RESULTS",
          Limit.maxResults(25_000));

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      BATCH_METRICS | 1001  | ~           | A batch logging request can contain at most 1000 metrics. Got 1001 metrics.
      BATCH_PARAMS  | 101   | ~           | A batch logging request can contain at most 100 params. Got 101 params.
      BATCH_TAGS    | 101   | ~           | A batch logging request can contain at most 100 tags. Got 101 tags.
      BATCH_ITEMS   | 1001  | ~           | A batch logging request can contain at most 1000 metrics, params and tags in total. Got 1001.
      KEY           | 251   | params,kkk  | params key 'kkk…' has length 251, which exceeds the limit of 250 characters
      PARAM_VALUE   | 6001  | alpha       | Param value for key 'alpha' has length 6001, which exceeds the limit of 6000 characters
      TAG_VALUE     | 5001  | team        | Tag value for key 'team' has length 5001, which exceeds the limit of 5000 characters
      RUN_ID        | 257   | abc         | run_id 'abc…' has length 257; run ids have at most 256 characters
      MAX_RESULTS   | 25001 | ~           | max_results 25001 is out of range; expected 1 to 25000
      MAX_RESULTS   | -1    | ~           | max_results -1 is out of range; expected 1 to 25000
      """,
      nullValues = "~",
      quoteCharacter = '"')
  void beyondALimit(String limit, long actual, String subject, String message) {
    Object[] args = subject == null ? new Object[0] : subject.split(",");
    assertThatThrownBy(() -> LIMITS.get(limit).check(actual, args))
        .isInstanceOf(MlflowException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      BATCH_METRICS | 1000
      BATCH_PARAMS  | 0
      KEY           | 250
      PARAM_VALUE   | 6000
      TAG_VALUE     | 5000
      RUN_ID        | 256
      MAX_RESULTS   | 25000
      """)
  void atALimit(String limit, long actual) {
    assertThatCode(() -> LIMITS.get(limit).check(actual, "k", "k")).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      0
      1
      1000
      9223372036854775807
      """)
  void aPageTokenCarriesItsOffset(long offset) {
    String token = PageToken.encode(offset);
    assertThat(token).doesNotContain("=").doesNotContain("offset");
    assertThat(PageToken.decode(token)).isEqualTo(offset);
    assertThat(PageToken.decode(" " + token + " ")).isEqualTo(offset);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      not a token
      b2Zmc2V0Oi0x
      b2Zmc2V0OmFiYw
      aGVsbG8
      ~b2Zmc2V0OmFiYw==~
      b2Zmc2V0OjI1NjAwMDAwMDAw
      """)
  void aTokenThisServerDidNotIssueIsRefused(String token) {
    // offset:-1, offset:abc, hello, and offset:25600000000 (beyond an int, where the registry pages
    // by int)
    assertThatThrownBy(() -> PageToken.decode(token, Integer.MAX_VALUE))
        .isInstanceOf(MlflowException.class)
        .hasMessage("page_token '" + token + "' is not a token this server issued");
  }
}
