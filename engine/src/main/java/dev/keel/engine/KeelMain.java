package dev.keel.engine;

/**
 * Entry point of the Keel jar: {@code dev}, {@code server CONFIG}, {@code worker CONFIG}, {@code db migrate CONFIG},
 * {@code bench}.
 */
public final class KeelMain {

  private KeelMain() {}

  public static void main(String[] args) throws Exception {
    new KeelApplication().run(args);
  }
}
