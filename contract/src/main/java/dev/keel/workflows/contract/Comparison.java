package dev.keel.workflows.contract;

import java.util.Arrays;

/** The comparison operators that gates and label rules accept. */
public enum Comparison {
  GE(">="),
  GT(">"),
  LE("<="),
  LT("<"),
  EQ("=="),
  NE("!=");

  private final String symbol;

  Comparison(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public boolean test(double actual, double expected) {
    return switch (this) {
      case GE -> actual >= expected;
      case GT -> actual > expected;
      case LE -> actual <= expected;
      case LT -> actual < expected;
      case EQ -> actual == expected;
      case NE -> actual != expected;
    };
  }

  /**
   * Parses an operator symbol; throws {@link IllegalArgumentException} naming the accepted ones.
   */
  public static Comparison of(String symbol) {
    for (Comparison c : values()) {
      if (c.symbol.equals(symbol)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown operator '"
            + symbol
            + "', expected one of "
            + Arrays.stream(values()).map(Comparison::symbol).toList());
  }
}
