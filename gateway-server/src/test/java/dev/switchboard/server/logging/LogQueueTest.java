package dev.switchboard.server.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import dev.switchboard.config.LoggingConfig;
import dev.switchboard.server.Main;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * The gateway's logback.xml, loaded into a context of its own with standard output replaced: a thread that
 * logs never waits on a reader of stdout that stopped (an event loop logging a refused request must not
 * stall), and the lines queued when the process ends are written out by {@link LogQueue}'s drain.
 */
class LogQueueTest {

  private static final String LOGGER = "dev.switchboard.test";
  private final PrintStream stdout = System.out;
  private final StalledOutput output = new StalledOutput();
  private LoggerContext context;

  @AfterEach
  void restore() {
    output.release();
    System.setOut(stdout);
    if (context != null) {
      context.stop();
    }
  }

  @Test
  void aThreadThatLogsDoesNotWaitForAStalledStandardOutput() {
    Logger log = gatewayLogging().getLogger(LOGGER);
    // 20,000 lines of ~120 bytes: far past any pipe's buffer, and past the queue, whose overflow is dropped.
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (int i = 0; i < 20_000; i++) {
        log.warn("Refused Twilio webhook /sms/inbound from 127.0.0.1: forged signature ({})", i);
      }
    }, "logging waited on a stalled stdout");
    assertThat(output.written()).as("nothing reached stdout while it was stalled").isEmpty();
    output.release();
    LogQueue.drain(context);
    // The queue's 8,192 plus the batch the appender's thread had taken from it (up to as many again) when
    // stdout stalled; the rest were dropped.
    assertThat(ownLines()).as("the queued lines, the overflow dropped")
        .hasSizeBetween(8_192, 2 * 8_192 + 1).first().asString().endsWith("forged signature (0)");
  }

  @Test
  void theLinesStillQueuedAtExitAreWrittenOut() {
    Logger log = gatewayLogging().getLogger(LOGGER);
    for (int i = 0; i < 500; i++) {
      log.info("line {}", i);
    }
    output.release();
    LogQueue.drain(context);
    assertThat(ownLines()).hasSize(500).last().asString().endsWith("line 499");
  }

  @Test
  void jsonLinesGoThroughTheQueueToo() {
    LoggerContext logging = gatewayLogging();
    LogFormat.apply(logging, new LoggingConfig(LoggingConfig.Format.JSON));
    output.release();
    logging.getLogger(LOGGER).info("one line");
    LogQueue.drain(logging);
    assertThat(ownLines()).singleElement().asString()
        .startsWith("{").contains("\"message\":\"one line\"").contains("\"level\":\"INFO\"");
  }

  /**
   * The lines this test's logger wrote. Standard output is the JVM's: a thread an earlier test class left
   * behind (a closed gateway's timer) that logs through the JVM's own logging context writes here too.
   */
  private List<String> ownLines() {
    return output.written().lines().filter(line -> line.contains(LOGGER)).toList();
  }

  /** logback.xml as the runnable jar loads it, its console bound to {@link #output}. */
  private LoggerContext gatewayLogging() {
    System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
    context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(Main.class.getResource("/logback.xml"));
    } catch (Exception e) {
      throw new AssertionError("logback.xml does not load", e);
    }
    return context;
  }

  /** Standard output whose reader stopped: every write waits until {@link #release()}. */
  private static final class StalledOutput extends OutputStream {
    private final CountDownLatch released = new CountDownLatch(1);
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    void release() {
      released.countDown();
    }

    synchronized String written() {
      return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      boolean go = released.getCount() == 0;
      if (!go) {
        try {
          go = released.await(30, TimeUnit.SECONDS); // else the test is over: let the appender's thread end
        } catch (InterruptedException e) { // the appender stopping: released or not decides
          Thread.currentThread().interrupt();
          go = released.getCount() == 0;
        }
      }
      if (!go) {
        return;
      }
      synchronized (this) {
        bytes.write(b, off, len);
      }
    }
  }
}
