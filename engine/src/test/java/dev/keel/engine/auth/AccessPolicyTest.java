package dev.keel.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Route × role → allowed or denied, as {@link AccessPolicy} and {@link Role} decide it before a
 * request reaches a resource (Y allowed, N denied), with the scope a model grant is checked in. A
 * route no rule covers is denied to everyone; serving routes to every role (only serving tokens of
 * the model may call them).
 */
class AccessPolicyTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      # method | template                                         | viewer | data-scientist | approver | operator | admin | scope
      OPTIONS  | /v1/models                                       | Y | Y | Y | Y | Y | NONE
      GET      | /v1/me                                           | Y | Y | Y | Y | Y | NONE
      GET      | /v1/users                                        | N | N | N | N | Y | NONE
      DELETE   | /v1/tokens/{id}                                  | N | N | N | N | Y | NONE
      POST     | /v1/retention/sweep                              | N | N | N | N | Y | NONE
      GET      | /v1/audit/export.csv                             | N | N | N | N | Y | NONE
      POST     | /v1/models/{name}/predict                        | N | N | N | N | N | MODEL
      POST     | /v1/models/{name}/feedback                       | N | N | N | N | N | MODEL
      POST     | /v2/models/{name}/infer                          | N | N | N | N | N | MODEL
      POST     | /v2/models/{name}/versions/{version}/infer       | N | N | N | N | N | MODEL
      GET      | /v2/models/{name}/versions/{version}/ready       | N | N | N | N | N | MODEL
      GET      | /v2/models/{name}                                | N | N | N | N | N | MODEL
      GET      | /v2/health/ready                                 | Y | Y | Y | Y | Y | NONE
      GET      | /v2                                              | Y | Y | Y | Y | Y | NONE
      POST     | /v1/runs/{id}/approval                           | N | N | Y | N | N | RUN
      POST     | /v1/models/{name}/versions/{version}/approval    | N | N | Y | N | N | MODEL
      POST     | /v1/models/{name}/deploy                         | N | N | N | Y | N | MODEL
      POST     | /v1/models/{name}/rollback                       | N | N | N | Y | N | MODEL
      POST     | /v1/models/{name}/drift/check                    | N | N | N | Y | N | MODEL
      POST     | /v1/models/{name}/versions/{version}/release     | N | N | N | Y | N | MODEL
      POST     | /v1/datasets                                     | N | Y | N | N | N | NONE
      GET      | /v1/datasets/{name}/versions/{version}/content   | N | Y | N | N | N | NONE
      GET      | /v1/datasets/{name}/versions/{version}           | Y | Y | Y | Y | Y | NONE
      POST     | /v1/models                                       | N | Y | N | N | N | NONE
      POST     | /v1/models/{name}/runs                           | N | Y | N | N | N | MODEL
      POST     | /v1/models/{name}/retrain                        | N | Y | N | N | N | MODEL
      POST     | /v1/models/{name}/versions/{version}/reproduce   | N | Y | N | N | N | MODEL
      POST     | /v1/runs/{id}/restart                            | N | Y | N | N | N | RUN
      GET      | /api/2.0/mlflow/runs/get                         | Y | Y | Y | Y | Y | NONE
      GET      | /api/2.0/mlflow-artifacts/artifacts/{path: .+}   | Y | Y | Y | Y | Y | NONE
      POST     | /api/2.0/mlflow/runs/search                      | Y | Y | Y | Y | Y | NONE
      POST     | /api/2.0/mlflow/registered-models/get-latest-versions | Y | Y | Y | Y | Y | NONE
      POST     | /api/2.0/mlflow/runs/log-batch                   | N | Y | N | N | N | NONE
      POST     | /api/2.0/mlflow/experiments/create               | N | Y | N | N | N | NONE
      PATCH    | /api/2.0/mlflow/model-versions/update            | N | Y | N | N | N | NONE
      DELETE   | /api/2.0/mlflow/registered-models/delete         | N | Y | N | N | N | NONE
      PUT      | /api/2.0/mlflow-artifacts/artifacts/{path: .+}   | N | Y | N | N | N | NONE
      POST     | /v1/codec/decode                                 | Y | Y | Y | Y | Y | NONE
      POST     | /v1/noop                                         | Y | Y | Y | Y | Y | NONE
      GET      | /v1/models/{name}                                | Y | Y | Y | Y | Y | MODEL
      GET      | /v1/models/{name}/versions/{version}/lineage     | Y | Y | Y | Y | Y | MODEL
      GET      | /v1/runs/{id}                                    | Y | Y | Y | Y | Y | RUN
      GET      | /v1/models                                       | Y | Y | Y | Y | Y | NONE
      DELETE   | /v1/models/{name}                                | N | N | N | N | N | -
      POST     | /v1/unknown                                      | N | N | N | N | N | -
      PUT      | /v1/me                                           | N | N | N | N | N | -
      GET      | /metrics                                         | N | N | N | N | N | -
      """)
  void routeByRole(
      String method,
      String template,
      String viewer,
      String dataScientist,
      String approver,
      String operator,
      String admin,
      String scope) {
    List<String> expected = List.of(viewer, dataScientist, approver, operator, admin);
    List<Role> roles =
        List.of(Role.VIEWER, Role.DATA_SCIENTIST, Role.APPROVER, Role.OPERATOR, Role.ADMIN);
    Optional<AccessPolicy.Rule> rule = AccessPolicy.ruleFor(method, template);
    List<String> actual =
        roles.stream()
            .map(
                role ->
                    rule.map(r -> r.permission() == null || role.permits(r.permission()))
                            .orElse(false)
                        ? "Y"
                        : "N")
            .toList();
    assertThat(actual).as(method + " " + template + " for " + roles).isEqualTo(expected);
    assertThat(rule.map(r -> r.scope().name()).orElse("-")).isEqualTo(scope);
  }
}
