package dev.keel.engine.auth;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which permission each endpoint needs, by HTTP method and URI template, and which model (if any)
 * it is about. The first matching rule applies; an endpoint no rule covers is denied to everyone (a
 * test checks that every endpoint Keel serves is covered).
 */
public final class AccessPolicy {

  /** Where the model an endpoint is about comes from. */
  public enum Scope {
    /** Not about one model: only global grants count. */
    NONE,
    /** The {@code {name}} path parameter. */
    MODEL,
    /** The model of the run named by the {@code {id}} path parameter. */
    RUN
  }

  /**
   * A rule: methods (regex), template (regex), what it needs; {@code permission} null means any
   * caller.
   */
  public record Rule(Pattern methods, Pattern template, Permission permission, Scope scope) {
    boolean matches(String method, String path) {
      return methods.matcher(method).matches() && template.matcher(path).matches();
    }
  }

  private static final String MODEL = "/v1/models/\\{name\\}";
  private static final String MLFLOW = "/api/2\\.0/(mlflow|mlflow-artifacts)/";

  private static final List<Rule> RULES =
      List.of(
          rule("OPTIONS", ".*", null, Scope.NONE), // CORS preflight carries no credentials
          rule("GET", "/v1/me", null, Scope.NONE),
          // administration
          rule(
              ".*",
              "/v1/(users|tokens|audit|erasures|retention|webhooks)(/.*)?",
              Permission.ADMIN,
              Scope.NONE),
          // serving: serving tokens of the model only
          rule("POST", MODEL + "/(predict|feedback)", Permission.SERVE, Scope.MODEL),
          // the Open Inference Protocol (V2): a model's endpoints take its serving tokens, as
          // predict; the server's health and metadata any caller
          rule(
              "GET",
              "/v2/models/\\{name\\}(/versions/\\{version\\})?(/ready)?",
              Permission.SERVE,
              Scope.MODEL),
          rule(
              "POST",
              "/v2/models/\\{name\\}(/versions/\\{version\\})?/infer",
              Permission.SERVE,
              Scope.MODEL),
          rule("GET", "/v2(/health/(live|ready))?", null, Scope.NONE),
          // approvals
          rule("POST", "/v1/runs/\\{id\\}/approval", Permission.APPROVE, Scope.RUN),
          rule("POST", MODEL + "/versions/\\{version\\}/approval", Permission.APPROVE, Scope.MODEL),
          // operations
          rule(
              "POST",
              MODEL + "/(deploy|rollback|drift/check|monitoring)",
              Permission.OPERATE,
              Scope.MODEL),
          rule("POST", MODEL + "/versions/\\{version\\}/release", Permission.OPERATE, Scope.MODEL),
          rule("POST", MODEL + "/versions/\\{version\\}/replay", Permission.OPERATE, Scope.MODEL),
          // training
          rule("POST", "/v1/datasets", Permission.DATASETS, Scope.NONE),
          // a version's rows are personal data: those who register datasets may read them, viewers
          // may not
          rule(
              "GET",
              "/v1/datasets/\\{name\\}/versions/\\{version\\}/content",
              Permission.DATASETS,
              Scope.NONE),
          rule("POST", "/v1/models", Permission.TRAIN, Scope.NONE),
          rule(
              "POST",
              MODEL + "/(runs|retrain|versions/\\{version\\}/reproduce)",
              Permission.TRAIN,
              Scope.MODEL),
          rule("POST", "/v1/runs/\\{id\\}/restart", Permission.TRAIN, Scope.RUN),
          // a schedule starts runs: those who may start them set, pause, resume, fire or remove it
          rule("PUT|POST|DELETE", MODEL + "/schedule(/.*)?", Permission.TRAIN, Scope.MODEL),
          // the MLflow-compatible API: reads (searches are POSTs) and writes
          rule("GET", MLFLOW + ".*", Permission.READ, Scope.NONE),
          rule(
              "POST",
              MLFLOW + ".*/(search|get-history|get-latest-versions|get-download-uri)",
              Permission.READ,
              Scope.NONE),
          rule("POST|PUT|PATCH|DELETE", MLFLOW + ".*", Permission.TRACK, Scope.NONE),
          // the Temporal Web UI's codec: reading payloads
          rule("POST", "/v1/codec/(encode|decode)", Permission.READ, Scope.NONE),
          rule("POST", "/v1/noop", Permission.READ, Scope.NONE),
          // reads
          rule("GET", MODEL + "(/.*)?", Permission.READ, Scope.MODEL),
          rule("GET", "/v1/runs/\\{id\\}(/.*)?", Permission.READ, Scope.RUN),
          rule("GET", "/v1/.*", Permission.READ, Scope.NONE));

  private AccessPolicy() {}

  private static Rule rule(String methods, String template, Permission permission, Scope scope) {
    return new Rule(Pattern.compile(methods), Pattern.compile(template), permission, scope);
  }

  /** Rules already looked up, by method and template (a bounded set: the endpoints Keel serves). */
  private static final java.util.Map<String, Optional<Rule>> CHOSEN =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The rule for a request, or empty when none covers it (denied). */
  public static Optional<Rule> ruleFor(String method, String template) {
    return CHOSEN.computeIfAbsent(
        method + " " + template,
        k -> RULES.stream().filter(r -> r.matches(method, template)).findFirst());
  }
}
