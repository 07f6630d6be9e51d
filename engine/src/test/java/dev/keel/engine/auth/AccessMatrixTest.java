package dev.keel.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.Http;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every endpoint Keel serves × every role, over HTTP: anonymous calls get 401, permitted callers
 * get past authorisation (whatever the endpoint then says about the empty request), everyone else
 * gets 403 naming the missing permission. The expected permission of each endpoint is written down
 * here, independently of the policy under test, and a new endpoint without a line here fails the
 * test.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AccessMatrixTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.serverOnly();
  static final String MODEL = "matrix-model";

  /** Endpoint → the permission it needs ({@code any}: every authenticated caller). */
  static final String EXPECTED =
      """
      DELETE /api/2.0/mlflow-artifacts/artifacts/{path: .+}  track
      DELETE /api/2.0/mlflow/model-versions/delete           track
      DELETE /api/2.0/mlflow/model-versions/delete-tag       track
      DELETE /api/2.0/mlflow/registered-models/alias         track
      DELETE /api/2.0/mlflow/registered-models/delete        track
      DELETE /api/2.0/mlflow/registered-models/delete-tag    track
      GET /api/2.0/mlflow-artifacts/artifacts                read
      GET /api/2.0/mlflow-artifacts/artifacts/{path: .+}     read
      GET /api/2.0/mlflow/artifacts/list                     read
      GET /api/2.0/mlflow/model-versions/get                 read
      GET /api/2.0/mlflow/model-versions/get-download-uri    read
      GET /api/2.0/mlflow/model-versions/search              read
      GET /api/2.0/mlflow/registered-models/alias            read
      GET /api/2.0/mlflow/registered-models/get              read
      GET /api/2.0/mlflow/registered-models/get-latest-versions read
      GET /api/2.0/mlflow/registered-models/search           read
      PATCH /api/2.0/mlflow/model-versions/update            track
      PATCH /api/2.0/mlflow/registered-models/update         track
      POST /api/2.0/mlflow/model-versions/create             track
      POST /api/2.0/mlflow/model-versions/set-tag            track
      POST /api/2.0/mlflow/model-versions/transition-stage   track
      POST /api/2.0/mlflow/registered-models/alias           track
      POST /api/2.0/mlflow/registered-models/create          track
      POST /api/2.0/mlflow/registered-models/get-latest-versions read
      POST /api/2.0/mlflow/registered-models/rename          track
      POST /api/2.0/mlflow/registered-models/set-tag         track
      PUT /api/2.0/mlflow-artifacts/artifacts/{path: .+}     track
      DELETE /v1/tokens/{id}                                 admin
      DELETE /v1/users/{name}/grants                         admin
      GET /api/2.0/mlflow/experiments/get                    read
      GET /api/2.0/mlflow/experiments/get-by-name            read
      GET /api/2.0/mlflow/experiments/search                 read
      GET /api/2.0/mlflow/metrics/get-history                read
      GET /api/2.0/mlflow/runs/get                           read
      GET /api/2.0/mlflow/runs/search                        read
      GET /v1/audit                                          admin
      GET /v1/audit/verify                                   admin
      GET /v1/audit/export.csv                               admin
      GET /v1/retention                                      admin
      GET /v1/erasures/{id}                                  admin
      POST /v1/erasures                                      admin
      POST /v1/retention/sweep                               admin
      GET /v1/webhooks                                       admin
      POST /v1/webhooks                                      admin
      GET /v1/webhooks/{id}                                  admin
      DELETE /v1/webhooks/{id}                               admin
      GET /v1/webhooks/{id}/deliveries                       admin
      POST /v1/webhooks/{id}/test                            admin
      GET /v1/datasets                                       read
      GET /v1/datasets/{name}/versions                       read
      GET /v1/datasets/{name}/versions/{version}             read
      GET /v1/datasets/{name}/versions/{version}/content     datasets
      GET /v1/datasets/{name}/versions/{version}/usage       read
      GET /v1/me                                             any
      GET /v1/models                                         read
      GET /v1/models/{name}                                  read
      GET /v1/models/{name}/deployments                      read
      GET /v1/models/{name}/drift                            read
      GET /v1/models/{name}/drift/histograms                 read
      GET /v1/models/{name}/live                             read
      GET /v1/models/{name}/runs                             read
      GET /v1/models/{name}/versions                         read
      GET /v1/models/{name}/versions/{version}               read
      GET /v1/models/{name}/versions/{version}/lineage       read
      GET /v1/models/{name}/versions/{version}/reproduce     read
      GET /v1/reproductions/{id}                             read
      GET /v1/runs/{id}                                      read
      GET /v1/tokens                                         admin
      GET /v1/users                                          admin
      GET /v1/users/{name}                                   admin
      POST /api/2.0/mlflow/experiments/create                track
      POST /api/2.0/mlflow/experiments/delete                track
      POST /api/2.0/mlflow/experiments/restore               track
      POST /api/2.0/mlflow/experiments/search                read
      POST /api/2.0/mlflow/experiments/set-experiment-tag    track
      POST /api/2.0/mlflow/experiments/update                track
      POST /api/2.0/mlflow/runs/create                       track
      POST /api/2.0/mlflow/runs/delete                       track
      POST /api/2.0/mlflow/runs/delete-tag                   track
      POST /api/2.0/mlflow/runs/log-batch                    track
      POST /api/2.0/mlflow/runs/log-metric                   track
      POST /api/2.0/mlflow/runs/log-parameter                track
      POST /api/2.0/mlflow/runs/restore                      track
      POST /api/2.0/mlflow/runs/search                       read
      POST /api/2.0/mlflow/runs/set-tag                      track
      POST /api/2.0/mlflow/runs/update                       track
      POST /v1/codec/decode                                  read
      POST /v1/codec/encode                                  read
      POST /v1/datasets                                      datasets
      POST /v1/models                                        train
      POST /v1/models/{name}/deploy                          operate
      POST /v1/models/{name}/drift/check                     operate
      POST /v1/models/{name}/feedback                        serve
      POST /v1/models/{name}/predict                         serve
      POST /v1/models/{name}/retrain                         train
      POST /v1/models/{name}/rollback                        operate
      POST /v1/models/{name}/runs                            train
      GET /v1/models/{name}/schedule                         read
      PUT /v1/models/{name}/schedule                         train
      DELETE /v1/models/{name}/schedule                      train
      POST /v1/models/{name}/schedule/pause                  train
      POST /v1/models/{name}/schedule/resume                 train
      POST /v1/models/{name}/schedule/trigger                train
      POST /v1/models/{name}/versions/{version}/reproduce    train
      POST /v1/models/{name}/versions/{version}/release      operate
      POST /v1/models/{name}/versions/{version}/replay       operate
      POST /v1/models/{name}/versions/{version}/approval     approve
      POST /v1/noop                                          read
      POST /v1/runs/{id}/approval                            approve
      POST /v1/runs/{id}/restart                             train
      POST /v1/tokens                                        admin
      POST /v1/users                                         admin
      POST /v1/users/{name}/grants                           admin
      GET /v2                                                any
      GET /v2/health/live                                    any
      GET /v2/health/ready                                   any
      GET /v2/models/{name}                                  serve
      GET /v2/models/{name}/ready                            serve
      GET /v2/models/{name}/versions/{version}               serve
      GET /v2/models/{name}/versions/{version}/ready         serve
      POST /v2/models/{name}/infer                           serve
      POST /v2/models/{name}/versions/{version}/infer        serve
      """;

  /** Which callers hold each permission. */
  static final Map<String, Set<String>> HOLDERS =
      Map.of(
          "read", Set.of("viewer", "data-scientist", "approver", "operator", "admin"),
          "datasets", Set.of("data-scientist"),
          "train", Set.of("data-scientist"),
          "track", Set.of("data-scientist"),
          "approve", Set.of("approver"),
          "operate", Set.of("operator"),
          "admin", Set.of("admin"),
          "serve", Set.of("serving"),
          "any", Set.of("viewer", "data-scientist", "approver", "operator", "admin", "serving"));

  static final Map<String, Http> CALLERS = new LinkedHashMap<>();
  static Http anonymous;

  @BeforeAll
  static void makeOneCallerPerRole() {
    Http admin = Http.api(APP);
    for (String role : List.of("viewer", "data-scientist", "approver", "operator", "admin")) {
      CALLERS.put(role, admin.user("matrix-" + role, role));
    }
    CALLERS.put("serving", admin.serving(MODEL));
    anonymous = admin.anonymous();
  }

  static Map<String, String> expected() {
    Map<String, String> out = new LinkedHashMap<>();
    EXPECTED
        .lines()
        .filter(l -> !l.isBlank())
        .forEach(
            l -> {
              String[] parts = l.trim().split("\\s+");
              out.put(
                  parts[0]
                      + " "
                      + String.join(" ", java.util.Arrays.copyOfRange(parts, 1, parts.length - 1)),
                  parts[parts.length - 1]);
            });
    return out;
  }

  @Test
  void everyEndpointHasAnExpectedPermission() {
    assertThat(Endpoints.of(APP)).containsExactlyInAnyOrderElementsOf(expected().keySet());
  }

  @Test
  void everyEndpointTimesEveryRole() {
    for (Map.Entry<String, String> e : expected().entrySet()) {
      String method = e.getKey().substring(0, e.getKey().indexOf(' '));
      String path =
          e.getKey()
              .substring(method.length() + 1)
              .replace("{name}", MODEL)
              .replace("{id}", "run-none")
              .replace("{version}", "1")
              .replace("{path: .+}", "matrix/file.txt");
      String body =
          method.equals("POST") || method.equals("PUT") || method.equals("PATCH") ? "{}" : null;
      String permission = e.getValue();

      Http.Response unauthenticated =
          anonymous.request(method, path, body, "Content-Type", "application/json");
      assertThat(unauthenticated.status()).as("anonymous " + e.getKey()).isEqualTo(401);

      for (Map.Entry<String, Http> caller : CALLERS.entrySet()) {
        Http.Response r =
            caller.getValue().request(method, path, body, "Content-Type", "application/json");
        String what = caller.getKey() + " " + e.getKey() + " -> " + r.status() + " " + r.text();
        if (HOLDERS.get(permission).contains(caller.getKey())) {
          assertThat(r.status()).as(what).isNotIn(401, 403);
        } else {
          assertThat(r.status()).as(what).isEqualTo(403);
          assertThat(r.message())
              .as(what)
              .contains(
                  permission.equals("serve")
                      ? "needs a serving token"
                      : "lacks permission '" + permission + "'");
        }
      }
    }
  }
}
