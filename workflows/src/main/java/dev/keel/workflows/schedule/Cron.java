package dev.keel.workflows.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;

/**
 * A standard five-field cron expression ({@code minute hour day-of-month month day-of-week}), as
 * crontab(5) reads it: {@code *}, values, ranges {@code a-b}, steps {@code * /n} and {@code a-b/n},
 * lists with commas, month names {@code JAN}–{@code DEC}, day names {@code SUN}–{@code SAT} (0 and
 * 7 are Sunday), and the macros {@code @yearly}, {@code @monthly}, {@code @weekly}, {@code @daily},
 * {@code @hourly}. When both day fields are restricted, a day matching either fires (as cron does).
 *
 * <p>Pure computation over {@code java.time}: deterministic, so workflow code may use it.
 */
public final class Cron {

  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  /** How far ahead {@link #next} looks before it decides an expression never fires. */
  private static final int YEARS_AHEAD = 8;

  private final String expression;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;

  private Cron(String expression, String[] fields) {
    this.expression = expression;
    minutes = field("minute", fields[0], 0, 59, null);
    hours = field("hour", fields[1], 0, 23, null);
    daysOfMonth = field("day-of-month", fields[2], 1, 31, null);
    months = field("month", fields[3], 1, 12, MONTHS);
    BitSet dow = field("day-of-week", fields[4], 0, 7, DAYS);
    if (dow.get(7)) {
      dow.set(0); // 7 is Sunday too
    }
    daysOfWeek = dow;
    anyDayOfMonth = fields[2].startsWith("*");
    anyDayOfWeek = fields[4].startsWith("*");
  }

  /**
   * Parses {@code expression}; an {@link IllegalArgumentException} names the field and what was
   * expected.
   */
  public static Cron parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException(
          "a cron expression is required: five fields 'minute hour day-of-month month"
              + " day-of-week', e.g. '0 3 * * 1' (03:00 every Monday)");
    }
    String trimmed = expression.trim();
    String expanded = MACROS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
    if (expanded.startsWith("@")) {
      throw new IllegalArgumentException(
          "'" + trimmed + "' is not a cron macro; expected one of " + MACROS.keySet());
    }
    String[] fields = expanded.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException(
          "'"
              + trimmed
              + "' has "
              + fields.length
              + " fields; expected five: 'minute hour day-of-month month day-of-week', e.g."
              + " '0 3 * * 1'");
    }
    Cron cron = new Cron(trimmed, fields);
    if (cron.next(Instant.EPOCH, ZoneId.of("UTC")) == null) {
      throw new IllegalArgumentException(
          "'" + trimmed + "' never fires: no date has that day of the month in those months");
    }
    return cron;
  }

  /** The expression as given. */
  public String expression() {
    return expression;
  }

  /**
   * The first moment strictly after {@code after} at which the expression fires, read in {@code
   * zone}, or null when it never does. A local time skipped by a daylight-saving change fires at
   * the first moment after the gap.
   */
  public Instant next(Instant after, ZoneId zone) {
    LocalDateTime t = LocalDateTime.ofInstant(after, zone).withSecond(0).withNano(0).plusMinutes(1);
    LocalDate limit = t.toLocalDate().plusYears(YEARS_AHEAD);
    while (t.toLocalDate().isBefore(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay();
        continue;
      }
      if (!dayMatches(t.toLocalDate())) {
        t = t.toLocalDate().plusDays(1).atStartOfDay();
        continue;
      }
      if (!hours.get(t.getHour())) {
        t = t.withMinute(0).plusHours(1);
        continue;
      }
      if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
        continue;
      }
      Instant at = ZonedDateTime.of(t, zone).toInstant();
      if (at.isAfter(after)) {
        return at;
      }
      t = t.plusMinutes(1); // a repeated local hour (daylight saving ends) fires once
    }
    return null;
  }

  private boolean dayMatches(LocalDate date) {
    boolean dom = daysOfMonth.get(date.getDayOfMonth());
    boolean dow =
        daysOfWeek.get(
            date.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : date.getDayOfWeek().getValue());
    if (anyDayOfMonth && anyDayOfWeek) {
      return true;
    }
    if (anyDayOfMonth) {
      return dow;
    }
    if (anyDayOfWeek) {
      return dom;
    }
    return dom || dow;
  }

  private static BitSet field(String name, String text, int min, int max, String[] names) {
    BitSet set = new BitSet(max + 1);
    for (String part : text.split(",", -1)) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException(
            "cron field " + name + " '" + text + "': empty entry in a list");
      }
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(name, part.substring(slash + 1), 1, max - min + 1, null, text);
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else {
        int dash = range.indexOf('-');
        if (dash > 0) {
          from = number(name, range.substring(0, dash), min, max, names, text);
          to = number(name, range.substring(dash + 1), min, max, names, text);
          if (to < from) {
            throw new IllegalArgumentException(
                "cron field "
                    + name
                    + " '"
                    + text
                    + "': range "
                    + range
                    + " runs backwards; expected low-high");
          }
        } else {
          from = number(name, range, min, max, names, text);
          to = slash >= 0 ? max : from; // 'a/n' means a, a+n, ... up to the maximum
        }
      }
      for (int v = from; v <= to; v += step) {
        set.set(v);
      }
    }
    return set;
  }

  private static int number(
      String name, String token, int min, int max, String[] names, String text) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equalsIgnoreCase(token)) {
          return names == MONTHS ? i + 1 : i;
        }
      }
    }
    int value;
    try {
      value = Integer.parseInt(token);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "cron field "
              + name
              + " '"
              + text
              + "': '"
              + token
              + "' is not a number"
              + (names == null ? "" : " or a name (" + String.join(", ", names) + ")"),
          e);
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "cron field "
              + name
              + " '"
              + text
              + "': "
              + value
              + " is out of range; expected "
              + min
              + "-"
              + max);
    }
    return value;
  }

  /** For messages: the expression as given. */
  @Override
  public String toString() {
    return expression;
  }
}
