package dev.keel.workflows;

/**
 * Retries an assertion for up to 10 s of real time. Activities run on worker threads, so what they write may land a
 * moment after a time-skipping sleep returns.
 */
public final class Eventually {

  private Eventually() {}

  public static void eventually(Runnable assertion) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
