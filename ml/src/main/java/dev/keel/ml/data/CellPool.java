package dev.keel.ml.data;

/**
 * One column's cell texts, shared: a value seen before is returned as the same {@code String}
 * instead of a new copy, so a column of a million rows with a few hundred distinct values holds a
 * few hundred strings. A column whose values are mostly distinct (identifiers, measurements) stops
 * pooling after a sample, so it pays nothing for it.
 */
final class CellPool {

  /** Distinct values kept at most; a power of two (the table is twice as large). */
  private static final int MAX_VALUES = 1 << 13;

  /**
   * Look-ups judged once the pool is full: pooling stays on only if most of them found their value.
   */
  private static final int SAMPLE = 1 << 15;

  private final String[] table = new String[MAX_VALUES * 2];
  private int size;
  private int sampled;
  private int hits;
  private boolean off;

  /** The text of {@code chars[start, end)}, pooled. */
  String get(CharSequence chars, int start, int end) {
    if (off) {
      return chars.subSequence(start, end).toString();
    }
    int hash = 0;
    for (int i = start; i < end; i++) {
      hash = 31 * hash + chars.charAt(i);
    }
    int mask = table.length - 1;
    int slot = (hash ^ (hash >>> 16)) & mask;
    for (String s = table[slot]; s != null; s = table[slot]) {
      if (same(s, chars, start, end)) {
        count(true);
        return s;
      }
      slot = (slot + 1) & mask;
    }
    String value = chars.subSequence(start, end).toString();
    if (size < MAX_VALUES) {
      table[slot] = value;
      size++;
    } else {
      count(false);
    }
    return value;
  }

  private void count(boolean hit) {
    if (size < MAX_VALUES) {
      return;
    }
    sampled++;
    if (hit) {
      hits++;
    }
    if (sampled == SAMPLE) {
      off = hits < SAMPLE / 2;
      sampled = 0;
      hits = 0;
    }
  }

  private static boolean same(String s, CharSequence chars, int start, int end) {
    if (s.length() != end - start) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != chars.charAt(start + i)) {
        return false;
      }
    }
    return true;
  }
}
