package dev.keel.workflows.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronTest {

  private static final ZoneId UTC = ZoneId.of("UTC");

  @ParameterizedTest(name = "{0} after {1} fires at {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // 2026-12-03 is a Thursday
        "0 3 * * 1        | 2026-12-03T10:15:00Z | 2026-12-07T03:00:00Z",
        "0 3 * * MON      | 2026-12-07T03:00:00Z | 2026-12-14T03:00:00Z",
        "*/15 * * * *     | 2026-12-03T10:15:00Z | 2026-12-03T10:30:00Z",
        "*/15 * * * *     | 2026-12-03T10:14:59Z | 2026-12-03T10:15:00Z",
        "* * * * *        | 2026-12-03T10:15:30Z | 2026-12-03T10:16:00Z",
        "5 0 * 8 *        | 2026-12-03T10:15:00Z | 2027-08-01T00:05:00Z",
        "0 22 * * 1-5     | 2026-12-04T22:00:00Z | 2026-12-07T22:00:00Z",
        "0 0 1,15 * *     | 2026-12-03T00:00:00Z | 2026-12-15T00:00:00Z",
        "0 0 29 2 *       | 2026-12-03T00:00:00Z | 2028-02-29T00:00:00Z",
        "0 12 * * 7       | 2026-12-03T00:00:00Z | 2026-12-06T12:00:00Z",
        "0 12 * * sun     | 2026-12-03T00:00:00Z | 2026-12-06T12:00:00Z",
        "30 4 1-7/3 * *   | 2026-12-03T00:00:00Z | 2026-12-04T04:30:00Z",
        "0 9/4 * * *      | 2026-12-03T14:00:00Z | 2026-12-03T17:00:00Z",
        // both day fields restricted: either matches (the 13th, or any Friday)
        "0 0 13 * 5       | 2026-12-03T00:00:00Z | 2026-12-04T00:00:00Z",
        "0 0 13 * 5       | 2026-12-11T00:00:00Z | 2026-12-13T00:00:00Z",
        "@daily           | 2026-12-03T10:15:00Z | 2026-12-04T00:00:00Z",
        "@hourly          | 2026-12-03T10:15:00Z | 2026-12-03T11:00:00Z",
        "@weekly          | 2026-12-03T10:15:00Z | 2026-12-06T00:00:00Z",
        "@monthly         | 2026-12-03T10:15:00Z | 2027-01-01T00:00:00Z",
        "0 0 1 jan-mar *  | 2026-12-03T10:15:00Z | 2027-01-01T00:00:00Z",
      })
  void nextFiring(String expression, String after, String expected) {
    assertThat(Cron.parse(expression).next(Instant.parse(after), UTC))
        .isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest(name = "{0} in {1} after {2} fires at {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Berlin is UTC+1 in winter, +2 in summer
        "0 3 * * *  | Europe/Berlin | 2026-12-03T10:00:00Z | 2026-12-04T02:00:00Z",
        "0 3 * * *  | Europe/Berlin | 2026-07-03T10:00:00Z | 2026-07-04T01:00:00Z",
        // 2027-03-28 02:30 does not exist in Berlin: it fires at the first moment after the gap
        "30 2 * * * | Europe/Berlin | 2027-03-27T12:00:00Z | 2027-03-28T01:30:00Z",
        // 2026-10-25 02:30 happens twice in Berlin: it fires once
        "30 2 * * * | Europe/Berlin | 2026-10-25T00:00:00Z | 2026-10-25T00:30:00Z",
        "30 2 * * * | Europe/Berlin | 2026-10-25T00:30:00Z | 2026-10-26T01:30:00Z",
      })
  void nextFiringInAZone(String expression, String zone, String after, String expected) {
    assertThat(Cron.parse(expression).next(Instant.parse(after), ZoneId.of(zone)))
        .isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''              | a cron expression is required",
        "0 3 * *         | has 4 fields; expected five",
        "0 3 * * 1 2027  | has 6 fields; expected five",
        "60 3 * * 1      | cron field minute '60': 60 is out of range; expected 0-59",
        "0 24 * * *      | cron field hour '24': 24 is out of range; expected 0-23",
        "0 3 0 * *       | cron field day-of-month '0': 0 is out of range; expected 1-31",
        "0 3 * 13 *      | cron field month '13': 13 is out of range; expected 1-12",
        "0 3 * * 8       | cron field day-of-week '8': 8 is out of range; expected 0-7",
        "0 3 * * FUN     | cron field day-of-week 'FUN': 'FUN' is not a number or a name",
        "x 3 * * *       | cron field minute 'x': 'x' is not a number",
        "0 5-2 * * *     | cron field hour '5-2': range 5-2 runs backwards",
        "0 3 1,,2 * *    | cron field day-of-month '1,,2': empty entry in a list",
        "*/0 * * * *     | cron field minute '*/0': 0 is out of range; expected 1-60",
        "0 0 30 2 *      | never fires",
        "@fortnightly    | is not a cron macro",
      })
  void refusesWithTheFieldAndWhatWasExpected(String expression, String message) {
    assertThatThrownBy(() -> Cron.parse(expression))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
