package dev.keel.workflows;

import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;

/**
 * Retries an assertion for up to 10 s of real time. Activities run on worker threads, so what they
 * write may land a moment after a time-skipping sleep returns.
 */
public final class Eventually {

  private Eventually() {}

  public static void eventually(Runnable assertion) {
    retry(assertion, () -> {});
  }

  /**
   * As {@link #eventually(Runnable)}, also letting a time-skipping environment move 100 ms of
   * workflow time between tries: with the client idle, the test server does not skip time by
   * itself, so a due timer would otherwise wait.
   */
  public static void eventually(TestWorkflowEnvironment env, Runnable assertion) {
    retry(assertion, () -> env.sleep(Duration.ofMillis(100)));
  }

  private static void retry(Runnable assertion, Runnable between) {
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
        between.run();
      }
    }
  }
}
