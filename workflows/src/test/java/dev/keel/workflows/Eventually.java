package dev.keel.workflows;

/**
 * Retries an assertion for up to 10 s of real time. Activities run on worker threads, so what they write may land a
 * moment after a time-skipping sleep returns.
 */
public final class Eventually {

  private Eventually() {}

  /**
   * Retries an assertion for up to 10 s of real time, letting a time-skipping test environment move 100 ms of workflow
   * time between tries: with the client idle, the test server does not skip time by itself, so a timer that is due
   * would otherwise wait, while activities need real time to run on their worker threads.
   */
  public static void eventually(io.temporal.testing.TestWorkflowEnvironment env, Runnable assertion) {
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
        env.sleep(java.time.Duration.ofMillis(100));
      }
    }
  }

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
