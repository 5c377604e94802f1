package dev.switchboard.core.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.net.SocketException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;

/** Tells expected network noise (resets, broken pipes, handshakes) apart from real failures when logging. */
final class NetworkNoise {

  private NetworkNoise() {}

  static void log(Logger log, ChannelHandlerContext ctx, Throwable cause) {
    if (isNoise(cause)) {
      log.debug("Connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
    } else {
      log.error("Connection {} failed", ctx.channel().remoteAddress(), cause);
    }
  }

  static boolean isNoise(Throwable cause) {
    Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    return c instanceof SocketException || c instanceof SSLException
        || (c instanceof IOException && c.getClass() == IOException.class);
  }
}
