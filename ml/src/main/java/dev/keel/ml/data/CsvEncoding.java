package dev.keel.ml.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How the bytes of a CSV file are read as text. In order: a byte-order mark (UTF-8, UTF-16LE,
 * UTF-16BE) decides; else the charset the sender declared; else UTF-16 when every other byte of the
 * first kilobytes is NUL (UTF-16 without a mark, as some spreadsheet exports write it); else UTF-8.
 * Decoding is strict: bytes that are not valid in the chosen encoding are an error naming the line,
 * never replaced by {@code U+FFFD}.
 */
record CsvEncoding(Reader reader, Charset charset) {

  private static final int SNIFF = 4096;

  /** Opens {@code in} as text; {@code declared} is the sender's charset, or null. */
  static CsvEncoding open(InputStream in, Charset declared) {
    BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
    byte[] head = new byte[SNIFF];
    int n;
    try {
      buffered.mark(SNIFF);
      n = buffered.readNBytes(head, 0, SNIFF);
      buffered.reset();
      Charset charset = choose(head, n, declared);
      int mark = markLength(head, n);
      if (mark > 0 && charset != StandardCharsets.UTF_8) {
        buffered.skipNBytes(mark);
      }
      return new CsvEncoding(
          new InputStreamReader(
              buffered,
              charset
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT)),
          charset);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CSV input", e);
    }
  }

  private static Charset choose(byte[] head, int n, Charset declared) {
    if (n >= 3
        && (head[0] & 0xff) == 0xef
        && (head[1] & 0xff) == 0xbb
        && (head[2] & 0xff) == 0xbf) {
      return StandardCharsets.UTF_8;
    }
    if (n >= 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe) {
      return StandardCharsets.UTF_16LE;
    }
    if (n >= 2 && (head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff) {
      return StandardCharsets.UTF_16BE;
    }
    if (declared != null) {
      return declared;
    }
    int evenNul = 0;
    int oddNul = 0;
    for (int i = 0; i + 1 < n; i += 2) {
      evenNul += head[i] == 0 ? 1 : 0;
      oddNul += head[i + 1] == 0 ? 1 : 0;
    }
    int pairs = n / 2;
    if (pairs >= 2 && oddNul * 10 >= pairs * 9 && evenNul * 10 < pairs) {
      return StandardCharsets.UTF_16LE;
    }
    if (pairs >= 2 && evenNul * 10 >= pairs * 9 && oddNul * 10 < pairs) {
      return StandardCharsets.UTF_16BE;
    }
    return StandardCharsets.UTF_8;
  }

  /**
   * The length of a UTF-16 byte-order mark at the start (a UTF-8 one is left for the reader, which
   * skips it).
   */
  private static int markLength(byte[] head, int n) {
    boolean utf16 =
        n >= 2
            && ((head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe
                || (head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff);
    return utf16 ? 2 : 0;
  }
}
