package dev.keel.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Error messages keep what a client needs and lose Java's class names, as a table. */
class ErrorMessagesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      Cannot deserialize value of type `java.lang.Long` from Object value | Cannot deserialize value of type Long from Object value
      from `dev.keel.engine.mlflow.MlflowViews$KeyValue` value             | from KeyValue value
      java.util.ArrayList<java.lang.String>                                | ArrayList<String>
      `java.lang.String[]` expected                                        | String expected
      in protobuf JSON form: com.google.gson.stream.MalformedJsonException: Unterminated object | in protobuf JSON form: Unterminated object
      field 'tags.Team': expected a string                                 | field 'tags.Team': expected a string
      model 'team.churn.Model' is not registered                           | model 'team.churn.Model' is not registered
      """)
  void classNamesAreShortened(String message, String shown) {
    assertThat(ErrorMappers.withoutClassNames(message)).isEqualTo(shown);
  }
}
