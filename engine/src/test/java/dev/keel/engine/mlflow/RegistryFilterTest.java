package dev.keel.engine.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.engine.mlflow.RegistryFilter.Clause;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The model registry's search filter, table by table: good filters and their clauses, bad ones and
 * the message.
 */
class RegistryFilterTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      name = 'churn'                             | name = [churn]
      Name LIKE 'churn%' AND tags.team = 'risk'  | name LIKE [churn%]; tags team = [risk]
      run_id IN ('a', 'b')                       | run_id IN [a, b]
      run_id in ('a')                            | run_id IN [a]
      tags.`my key` != "x"                       | tags my key != [x]
      tag."k" ILIKE 'X%'                         | tags k ILIKE [X%]
      tag.team not in ('a','b')                  | tags team NOT IN [a, b]
      version_number >= 3                        | version_number >= [3]
      version_number=-1.5                        | version_number = [-1.5]
      name = 'it''s'                             | name = [it's]
      name='a'and name!='b'                      | name = [a]; name != [b]
      ~   ~                                      | ~~
      """)
  void goodFilters(String filter, String clauses) {
    assertThat(
            RegistryFilter.parse(filter).stream()
                .map(RegistryFilterTest::show)
                .collect(Collectors.joining("; ")))
        .isEqualTo(clauses);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      name                       | 4  | '' is not a comparison; expected =, !=, <, <=, >, >=, LIKE, ILIKE or IN
      = 'x'                      | 0  | expected an attribute such as name or tags.<key>
      tags = 'x'                 | 4  | expected tags.<key>
      tags. = 'x'                | 5  | expected a tag key after 'tags.'
      foo.bar = 'x'              | 3  | 'foo.' is not a filter attribute; expected name, tags.<key> or an attribute
      name == 'x'                | 7  | '==' is not a comparison; expected =, !=, <, <=, >, >=, LIKE, ILIKE or IN
      name NOT LIKE 'a'          | 13 | 'NOT LIKE' is not a comparison; expected =, !=, <, <=, >, >=, LIKE, ILIKE or IN
      name = 'x                  | 9  | unterminated quoted string
      name =                     | 6  | expected a quoted string or a number
      name IN 'a'                | 8  | expected '('
      name IN ('a'               | 12 | expected ')'
      name = 'a' OR name = 'b'   | 13 | expected AND between comparisons, found 'OR'
      name = 'a' AND             | 14 | expected an attribute such as name or tags.<key>
      name = 'a'; DROP TABLE x   | 10 | expected AND between comparisons, found ''
      """)
  void badFilters(String filter, int position, String what) {
    assertThatThrownBy(() -> RegistryFilter.parse(filter))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(MlflowException.Code.INVALID_PARAMETER_VALUE);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "invalid filter '" + filter + "' at position " + position + ": " + what);
            });
  }

  private static String show(Clause c) {
    return c.attribute()
        + (c.tagKey() == null ? "" : " " + c.tagKey())
        + " "
        + c.op()
        + " "
        + c.values();
  }
}
