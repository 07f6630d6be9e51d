package dev.keel.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.Http;
import dev.keel.engine.SharedData;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.runs.RunStatus;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A model that retrains on a cron schedule, through the HTTP API on red wine: the cron fires a run
 * by itself, a person pauses it, fires it now, reschedules it to a zone, resumes and removes it;
 * firings while a run is in flight are skipped and shown on the timeline.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ScheduleApiTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();

  static Http http;

  @BeforeAll
  static void redWine() {
    http = Http.api(APP);
    assertThat(
            http.postJson(
                    "/v1/datasets",
                    Map.of("name", "red-sched", "source", SharedData.redWine().toUri().toString()))
                .status())
        .isEqualTo(201);
  }

  static Map<String, Object> model(String name, Object schedule) {
    Map<String, Object> model = dev.keel.engine.Runs.redWineLogistic(name);
    model.put("dataset", "red-sched");
    if (schedule != null) {
      model.put("schedule", schedule);
    }
    return model;
  }

  @Test
  void theCronStartsARunByItselfAndAPersonSteersTheSchedule() {
    // every minute: the first firing comes within a minute of registration
    assertThat(
            http.postJson(
                    "/v1/models",
                    model("wine-cron", Map.of("cron", "* * * * *", "overlap", "skip")))
                .status())
        .isEqualTo(201);
    JsonNode schedule = http.get("/v1/models/wine-cron/schedule").json();
    assertThat(schedule.path("cron").asText()).isEqualTo("* * * * *");
    assertThat(schedule.path("overlap").asText()).isEqualTo("skip");
    assertThat(schedule.path("timezone").asText()).isEqualTo("UTC");
    assertThat(schedule.path("paused").asBoolean()).isFalse();
    OffsetDateTime next = at(schedule.path("nextRunAt"));
    assertThat(next.getSecond()).isZero();
    assertThat(next).isAfter(OffsetDateTime.now().minusSeconds(5));

    JsonNode started =
        awaitTimeline("wine-cron", e -> e.path("kind").asText().equals("retrain-started"));
    assertThat(started.path("message").asText())
        .startsWith("retrain for scheduled: schedule '* * * * *' due at ");
    String firstRun = started.path("runId").asText();
    JsonNode paused = http.postJson("/v1/models/wine-cron/schedule/pause", Map.of()).json();
    assertThat(paused.path("paused").asBoolean()).isTrue();
    assertThat(paused.path("nextRunAt").isNull()).isTrue();
    assertThat(paused.path("fired").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(paused.path("updatedBy").asText()).isEqualTo("admin");
    JsonNode run = awaitEnd(firstRun);
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
    assertThat(http.get("/v1/models/wine-cron/versions/1").json().path("status").asText())
        .isEqualTo("APPROVED");

    // fire now (while paused): a person's run through the schedule; fired again while it runs:
    // skipped
    assertThat(http.postJson("/v1/models/wine-cron/schedule/trigger", Map.of()).status())
        .isEqualTo(202);
    JsonNode now =
        awaitTimeline(
            "wine-cron",
            e ->
                e.path("kind").asText().equals("retrain-started")
                    && !e.path("runId").asText().equals(firstRun));
    assertThat(now.path("message").asText()).contains("schedule '* * * * *' run now by admin");
    assertThat(http.postJson("/v1/models/wine-cron/schedule/trigger", Map.of()).status())
        .isEqualTo(202);
    JsonNode skipped =
        awaitTimeline("wine-cron", e -> e.path("kind").asText().equals("schedule-skipped"));
    assertThat(skipped.path("message").asText())
        .contains(
            "run now by admin of schedule '* * * * *' skipped: run " + now.path("runId").asText())
        .contains("(overlap skip)");
    assertThat(awaitEnd(now.path("runId").asText()).path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(http.get("/v1/models/wine-cron/runs").json().path("runs")).hasSize(2);

    // bad schedules are refused, naming the field
    assertThat(put("wine-cron", Map.of("cron", "0 25 * * *")).message())
        .isEqualTo(
            "field 'schedule.cron': cron field hour '25': 25 is out of range; expected 0-23");
    assertThat(put("wine-cron", Map.of("cron", "0 3 * * 1", "overlap", "queue")).message())
        .contains(
            "field 'schedule.overlap': 'queue' is not an overlap policy; expected 'skip' or 'buffer'");
    assertThat(put("wine-cron", Map.of("cron", "0 3 * * 1", "timezone", "Mars/Olympus")).message())
        .contains("field 'schedule.timezone': 'Mars/Olympus' is not a time zone");
    assertThat(put("wine-cron", Map.of("cron", "0 3 * * 1", "timezone", "Mars/Olympus")).status())
        .isEqualTo(400);

    // rescheduled to Mondays 03:00 in Berlin, still paused; resumed, it fires then
    Http.Response moved =
        put(
            "wine-cron",
            Map.of("cron", "0 3 * * 1", "overlap", "buffer", "timezone", "Europe/Berlin"));
    assertThat(moved.status()).as(moved.text()).isEqualTo(200);
    assertThat(moved.json().path("paused").asBoolean()).isTrue();
    assertThat(moved.json().path("overlap").asText()).isEqualTo("buffer");
    JsonNode resumed = http.postJson("/v1/models/wine-cron/schedule/resume", Map.of()).json();
    assertThat(resumed.path("paused").asBoolean()).isFalse();
    ZonedDateTime berlin = ZonedDateTime.now(ZoneId.of("Europe/Berlin"));
    ZonedDateTime monday =
        berlin
            .with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY))
            .withHour(3)
            .withMinute(0)
            .withSecond(0)
            .withNano(0);
    if (!monday.isAfter(berlin)) {
      monday = monday.plusWeeks(1);
    }
    assertThat(at(resumed.path("nextRunAt")).toInstant()).isEqualTo(monday.toInstant());

    List<String> kinds = new ArrayList<>();
    timeline("wine-cron").forEach(e -> kinds.add(e.path("kind").asText()));
    assertThat(kinds).contains("schedule-paused", "schedule-changed", "schedule-resumed");

    // removed: gone from the API, the removal on the timeline
    assertThat(http.request("DELETE", "/v1/models/wine-cron/schedule", null).status())
        .isEqualTo(204);
    Http.Response gone = http.get("/v1/models/wine-cron/schedule");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.message()).contains("model 'wine-cron' has no schedule");
    awaitTimeline("wine-cron", e -> e.path("kind").asText().equals("schedule-removed"));
  }

  @Test
  void aScheduleIsSetOnAModelThatHadNoneAndOnlyTrainersMaySteerIt() {
    assertThat(http.postJson("/v1/models", model("wine-later", null)).status()).isEqualTo(201);
    assertThat(http.get("/v1/models/wine-later/schedule").status()).isEqualTo(404);
    Http.Response viewer =
        http.user("vera", "viewer")
            .request(
                "PUT",
                "/v1/models/wine-later/schedule",
                "{\"cron\": \"@daily\"}",
                "Content-Type",
                "application/json");
    assertThat(viewer.status()).isEqualTo(403);
    assertThat(viewer.message()).contains("lacks permission 'train' on model 'wine-later'");

    Http.Response created = put("wine-later", Map.of("cron", "@daily"));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    OffsetDateTime next = at(created.json().path("nextRunAt"));
    assertThat(next.toLocalTime()).hasToString("00:00");
    assertThat(next.toLocalDate())
        .isEqualTo(OffsetDateTime.now(java.time.ZoneOffset.UTC).toLocalDate().plusDays(1));
    assertThat(http.get("/v1/models/wine-later/schedule").json().path("cron").asText())
        .isEqualTo("@daily");
    assertThat(http.postJson("/v1/models/unknown-model/schedule/pause", Map.of()).status())
        .isEqualTo(404);
  }

  @Test
  void aDefinitionWithABadScheduleIsRefused() {
    Http.Response bad = http.postJson("/v1/models", model("wine-bad", Map.of("cron", "0 3 * *")));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.message())
        .isEqualTo(
            "field 'schedule.cron': '0 3 * *' has 4 fields; expected five: 'minute hour"
                + " day-of-month month day-of-week', e.g. '0 3 * * 1'");
    Map<String, Object> noData = model("wine-nodata", Map.of("cron", "0 3 * * 1"));
    noData.remove("dataset");
    Http.Response refused = http.postJson("/v1/models", noData);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.message()).contains("field 'dataset' is required with 'schedule'");
    assertThat(http.get("/v1/models/wine-bad").status()).isEqualTo(404);
  }

  /** A moment as the API writes it: seconds since the epoch. */
  private static OffsetDateTime at(JsonNode seconds) {
    assertThat(seconds.isNumber()).as("a moment: %s", seconds).isTrue();
    java.math.BigDecimal s = seconds.decimalValue();
    return OffsetDateTime.ofInstant(
        java.time.Instant.ofEpochSecond(
            s.longValue(), s.remainder(java.math.BigDecimal.ONE).movePointRight(9).longValue()),
        java.time.ZoneOffset.UTC);
  }

  private static Http.Response put(String model, Map<String, Object> body) {
    try {
      return http.request(
          "PUT",
          "/v1/models/" + model + "/schedule",
          new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body),
          "Content-Type",
          "application/json");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode awaitEnd(String runId) {
    return http.await(
            "/v1/runs/" + runId,
            r -> !RunStatus.inFlight(r.json().path("status").asText()),
            Duration.ofSeconds(120))
        .json();
  }

  private static JsonNode timeline(String model) {
    return http.get("/v1/models/" + model).json().path("lifecycle").path("timeline");
  }

  /** The newest timeline entry that matches, waiting up to two minutes for one. */
  private static JsonNode awaitTimeline(String model, Predicate<JsonNode> matches) {
    JsonNode[] found = new JsonNode[1];
    http.await(
        "/v1/models/" + model,
        r -> {
          for (JsonNode e : r.json().path("lifecycle").path("timeline")) {
            if (matches.test(e)) {
              found[0] = e;
              return true;
            }
          }
          return false;
        },
        Duration.ofSeconds(120));
    assertThat(found[0]).as("timeline of %s: %s", model, timeline(model)).isNotNull();
    return found[0];
  }
}
