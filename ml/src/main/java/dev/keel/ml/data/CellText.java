package dev.keel.ml.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The cell texts of one column in one array, with each cell's end offset: a million numbers take
 * about as many bytes as their text plus four each, instead of a {@code String} apiece. Text is
 * kept one byte per character while every character fits (numbers always do) and two bytes
 * otherwise. Missing cells are marked, with no text.
 */
final class CellText implements CharSequence {

  private byte[] latin1 = new byte[1 << 10];
  private char[] wide;
  private int length;
  private int[] ends = new int[1 << 8];
  private final BitSet missing = new BitSet();
  private int cells;

  /** Appends a cell: its text, or null when it is missing. */
  void add(String value) {
    if (cells == ends.length) {
      ends = Arrays.copyOf(ends, cells * 2);
    }
    if (value == null) {
      missing.set(cells);
    } else {
      append(value);
    }
    ends[cells++] = length;
  }

  int cells() {
    return cells;
  }

  boolean isMissing(int cell) {
    return missing.get(cell);
  }

  int start(int cell) {
    return cell == 0 ? 0 : ends[cell - 1];
  }

  int end(int cell) {
    return ends[cell];
  }

  /** The text of a cell, null when it is missing. */
  String get(int cell) {
    return isMissing(cell) ? null : subSequence(start(cell), end(cell)).toString();
  }

  /**
   * Copies the characters {@code [start, end)} as bytes into {@code dst} at {@code at}, when every
   * character of the column is one byte (always so for numbers); false, with nothing copied, when
   * the column holds wider characters.
   */
  boolean copyNarrow(int start, int end, byte[] dst, int at) {
    if (wide != null) {
      return false;
    }
    System.arraycopy(latin1, start, dst, at, end - start);
    return true;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    return wide != null ? wide[index] : (char) (latin1[index] & 0xff);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return wide != null
        ? new String(wide, start, end - start)
        : new String(latin1, start, end - start, StandardCharsets.ISO_8859_1);
  }

  @Override
  public String toString() {
    return subSequence(0, length).toString();
  }

  private void append(String value) {
    int n = value.length();
    if (wide == null) {
      for (int i = 0; i < n; i++) {
        if (value.charAt(i) > 0xff) {
          widen();
          break;
        }
      }
    }
    if (wide != null) {
      if (length + n > wide.length) {
        wide = Arrays.copyOf(wide, Math.max(wide.length * 2, length + n));
      }
      value.getChars(0, n, wide, length);
    } else {
      if (length + n > latin1.length) {
        latin1 = Arrays.copyOf(latin1, Math.max(latin1.length * 2, length + n));
      }
      for (int i = 0; i < n; i++) {
        latin1[length + i] = (byte) value.charAt(i);
      }
    }
    length += n;
  }

  private void widen() {
    wide = new char[Math.max(latin1.length, 16)];
    for (int i = 0; i < length; i++) {
      wide[i] = (char) (latin1[i] & 0xff);
    }
    latin1 = null;
  }
}
