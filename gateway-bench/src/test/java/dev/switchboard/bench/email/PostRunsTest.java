package dev.switchboard.bench.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.bench.baseline.BareServer;
import dev.switchboard.bench.net.ClientLoops;
import dev.switchboard.bench.net.HttpLoad;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PostRunsTest {

  private static final Pattern MESSAGE_ID = Pattern.compile("Message-ID: <([^>]+)>");

  @Test
  void runAfterRunPostsNoMessageIdTwice() throws Exception {
    List<String> ids = new CopyOnWriteArrayList<>();
    try (BareServer server = recording(ids); ClientLoops loops = new ClientLoops(1)) {
      PostRuns posts = new PostRuns(loops.group(), server.port(), 4,
          new InboundMails("t", server.port(), 10, "support@bench.test", 0));

      HttpLoad.Outcome first = posts.run(Duration.ofSeconds(2));
      HttpLoad.Outcome second = posts.run(Duration.ofSeconds(2));

      assertThat(first.completed()).isPositive();
      assertThat(second.completed()).isPositive();
      assertThat(posts.completed()).isEqualTo(first.completed() + second.completed());
      assertThat(ids).hasSize((int) posts.completed()).doesNotHaveDuplicates();
    }
  }

  /** Answers 202 to every post, keeping the Message-ID of the mail it carried. */
  private static BareServer recording(List<String> ids) throws InterruptedException {
    return BareServer.start("post-runs-test", ch -> ch.pipeline()
        .addLast("http", new HttpServerCodec())
        .addLast("aggregator", new HttpObjectAggregator(1 << 20))
        .addLast("answer", new SimpleChannelInboundHandler<FullHttpRequest>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            Matcher m = MESSAGE_ID.matcher(request.content().toString(StandardCharsets.UTF_8));
            ids.add(m.find() ? m.group(1) : "none");
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.ACCEPTED);
            HttpUtil.setContentLength(response, 0);
            ctx.writeAndFlush(response);
          }
        }));
  }
}
