package dev.keel.engine.temporal;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.keel.engine.codec.AesGcmPayloadCodec;
import dev.keel.engine.config.TemporalSettings;
import dev.keel.workers.crypto.KeyRing;
import io.dropwizard.lifecycle.Managed;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.List;

/**
 * The connection to the Temporal frontend and the workflow client on it. The SDK's own metrics (workflow and
 * activity task latencies, poll counts, …) go to the given Micrometer registry, which feeds Keel's one Prometheus
 * registry.
 */
public final class TemporalConnection implements Managed {

  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final Scope scope;

  /**
   * @param keys the payload keys: when given, every payload this client and its workers write is encrypted
   *     (failure messages and stack traces included) and every encrypted payload they read is decrypted
   */
  public TemporalConnection(TemporalSettings settings, MeterRegistry meters, KeyRing keys) {
    this.scope = meters == null ? null : new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(meters))
        .reportEvery(com.uber.m3.util.Duration.ofSeconds(5));
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder()
        .setTarget(settings.getTarget())
        .setRpcTimeout(Duration.ofSeconds(10));
    if (scope != null) {
      options.setMetricsScope(scope);
    }
    io.grpc.netty.shaded.io.netty.handler.ssl.SslContext tls = TemporalTls.context(settings.getTls());
    if (tls != null) {
      options.setSslContext(tls);
      if (settings.getTls().getServerName() != null) {
        options.setChannelInitializer(channel -> channel.overrideAuthority(settings.getTls().getServerName()));
      }
    }
    this.stubs = WorkflowServiceStubs.newServiceStubs(options.build());
    WorkflowClientOptions.Builder client = WorkflowClientOptions.newBuilder().setNamespace(settings.getNamespace());
    if (keys != null) {
      client.setDataConverter(new CodecDataConverter(DefaultDataConverter.newDefaultInstance(),
          List.of(new AesGcmPayloadCodec(keys)), true));
    }
    this.client = WorkflowClient.newInstance(stubs, client.build());
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  @Override
  public void start() {}

  @Override
  public void stop() throws Exception {
    stubs.shutdown();
    stubs.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    if (scope != null) {
      scope.close();
    }
  }
}
