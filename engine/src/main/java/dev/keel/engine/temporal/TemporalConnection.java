package dev.keel.engine.temporal;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.keel.engine.codec.AesGcmPayloadCodec;
import dev.keel.engine.config.TemporalSettings;
import dev.keel.ml.crypto.KeyRing;
import io.dropwizard.lifecycle.Managed;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to the Temporal frontend and the workflow client on it. The SDK's own metrics
 * (workflow and activity task latencies, poll counts, …) go to the given Micrometer registry, which
 * feeds Keel's one Prometheus registry.
 */
public final class TemporalConnection implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(TemporalConnection.class);

  private final WorkflowServiceStubs stubs;
  private final String target;
  private final Duration startupWait;
  private final WorkflowClient client;
  private final Scope scope;

  /**
   * @param keys the payload keys: when given, every payload this client and its workers write is
   *     encrypted (failure messages and stack traces included) and every encrypted payload they
   *     read is decrypted
   */
  public TemporalConnection(TemporalSettings settings, MeterRegistry meters, KeyRing keys) {
    this.scope =
        meters == null
            ? null
            : new RootScopeBuilder()
                .reporter(new MicrometerClientStatsReporter(meters))
                .reportEvery(com.uber.m3.util.Duration.ofSeconds(5));
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget(settings.getTarget())
            .setRpcTimeout(Duration.ofSeconds(10));
    if (scope != null) {
      options.setMetricsScope(scope);
    }
    io.grpc.netty.shaded.io.netty.handler.ssl.SslContext tls =
        TemporalTls.context(settings.getTls());
    if (tls != null) {
      options.setSslContext(tls);
      if (settings.getTls().getServerName() != null) {
        options.setChannelInitializer(
            channel -> channel.overrideAuthority(settings.getTls().getServerName()));
      }
    }
    this.stubs = WorkflowServiceStubs.newServiceStubs(options.build());
    this.target = settings.getTarget();
    this.startupWait = settings.getStartupWait().toJavaDuration();
    WorkflowClientOptions.Builder client =
        WorkflowClientOptions.newBuilder().setNamespace(settings.getNamespace());
    if (keys != null) {
      client.setDataConverter(
          new CodecDataConverter(
              DefaultDataConverter.newDefaultInstance(),
              List.of(new AesGcmPayloadCodec(keys)),
              true));
    }
    this.client = WorkflowClient.newInstance(stubs, client.build());
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  /**
   * Waits until the frontend answers, up to the configured {@code temporal.startupWait}, saying
   * what it waits for; a process started before Temporal (a cluster or a compose file coming up)
   * then starts normally instead of exiting on its first refused connection.
   */
  @Override
  public void start() throws InterruptedException {
    long end = System.nanoTime() + startupWait.toNanos();
    long pauseMillis = 500;
    for (int attempt = 1; ; attempt++) {
      try {
        stubs
            .getRawChannel()
            .resetConnectBackoff(); // try now, not after gRPC's own reconnect backoff
        stubs
            .blockingStub()
            .withWaitForReady()
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
        if (attempt > 1) {
          LOG.info("Temporal at {} answers (after {} attempts)", target, attempt);
        }
        return;
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        boolean notYet = code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
        if (!notYet || System.nanoTime() + pauseMillis * 1_000_000 > end) {
          throw new IllegalStateException(
              "Temporal at "
                  + target
                  + " did not answer"
                  + (notYet
                      ? " within temporal.startupWait (" + startupWait.toSeconds() + " s)"
                      : "")
                  + ": "
                  + e.getStatus().getCode()
                  + " "
                  + e.getStatus().getDescription(),
              e);
        }
        LOG.warn(
            "waiting for Temporal at {} ({} {}); attempt {}, next in {} ms",
            target,
            code,
            e.getStatus().getDescription(),
            attempt,
            pauseMillis);
        Thread.sleep(pauseMillis);
        pauseMillis = Math.min(pauseMillis * 2, 10_000);
      }
    }
  }

  @Override
  public void stop() throws Exception {
    stubs.shutdown();
    stubs.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    if (scope != null) {
      scope.close();
    }
  }
}
