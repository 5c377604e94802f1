package dev.switchboard.core.transport;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Lists the pipeline of a new connection; websockets rebuild the tail on upgrade. */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {

  /** The HTTP codec's name: {@link ResponseWriter} puts a chunked writer after it when a body is streamed. */
  static final String HTTP_CODEC = "httpCodec";

  private final TransportSettings settings;
  private final Executor workers;
  private final Path tempDir;
  private final ResponseWriter responses;
  private final RequestGate gate;
  private final WebSocketUpgrader upgrader;
  private final ConnectionLimits limits;
  private final MeterRegistry meters;
  private final InFlight inFlight;
  private final RequestTimers timers;

  ServerInitializer(RouteTable routes, Executor workers, TransportSettings settings, Path tempDir,
      MeterRegistry meters, InFlight inFlight) {
    this.inFlight = inFlight;
    this.settings = settings;
    this.workers = workers;
    this.tempDir = tempDir;
    this.meters = meters;
    this.responses = new ResponseWriter(meters);
    this.timers = new RequestTimers(meters);
    this.gate = new RequestGate(routes, settings.maxBodyBytes());
    this.upgrader = new WebSocketUpgrader(responses, meters, settings.slowClientTimeout());
    this.limits = new ConnectionLimits(settings.maxConnections(), settings.maxConnectionsPerAddress(), meters);
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    Optional<ConnectionLimits.Refusal> refusal = limits.admit(ch);
    if (refusal.isPresent()) {
      ch.pipeline()
          .addLast(HTTP_CODEC, new HttpServerCodec(8192, 16 * 1024, 64 * 1024))
          .addLast("overCapacity", new OverCapacity(refusal.get(), responses));
      return;
    }
    HttpDeadlines deadlines = new HttpDeadlines(settings.requestHeaderTimeout(), settings.requestBodyTimeout(),
        responses);
    ch.pipeline()
        .addLast(WebSocketUpgrader.HTTP_IDLE, new IdleStateHandler(0, 0, settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .addLast(WebSocketUpgrader.HEAD_START, deadlines.bytesIn())
        .addLast(HTTP_CODEC, new HttpServerCodec(8192, 16 * 1024, 64 * 1024))
        .addLast(WebSocketUpgrader.HEAD_END, deadlines.requestsOut())
        .addLast("bodyCollector", new BodyCollector(gate, settings.maxBodyBytes(), tempDir, responses, meters))
        .addLast("dispatcher", new HttpDispatcher(workers, responses, meters, timers, upgrader,
            settings.handlerTimeout(), inFlight));
  }
}
