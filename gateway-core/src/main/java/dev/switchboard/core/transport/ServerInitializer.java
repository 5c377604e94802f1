package dev.switchboard.core.transport;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/** Lists the pipeline of a new connection; websockets rebuild the tail on upgrade. */
final class ServerInitializer extends ChannelInitializer<SocketChannel> {

  private final RouteTable routes;
  private final Executor workers;
  private final long maxBodyBytes;
  private final Path tempDir;
  private final ResponseWriter responses;
  private final WebSocketUpgrader upgrader;
  private final MeterRegistry meters;

  ServerInitializer(RouteTable routes, Executor workers, long maxBodyBytes, Path tempDir, MeterRegistry meters) {
    this.routes = routes;
    this.workers = workers;
    this.maxBodyBytes = maxBodyBytes;
    this.tempDir = tempDir;
    this.meters = meters;
    this.responses = new ResponseWriter(meters);
    this.upgrader = new WebSocketUpgrader(responses, meters);
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ch.pipeline()
        .addLast("httpCodec", new HttpServerCodec(8192, 16 * 1024, 64 * 1024))
        .addLast("expectContinue", new HttpServerExpectContinueHandler())
        .addLast("bodyCollector", new BodyCollector(maxBodyBytes, tempDir, responses))
        .addLast("dispatcher", new HttpDispatcher(routes, workers, responses, meters, upgrader));
  }
}
