package dev.switchboard.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.http.IsoInstant;
import dev.switchboard.core.http.Json;
import dev.switchboard.core.http.JsonFields;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Websocket frame JSON with the gateway's own mapper ({@link Json}): encoding the desk's {@code message}
 * frame (the most frequent server frame) and decoding a client {@code reply} / {@code message} frame, each
 * as a tree (how frames were read and written before issue #11) and streamed (how they are now); and an
 * instant written through {@code DateTimeFormatter.ISO_INSTANT} and through {@link IsoInstant}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class FrameJsonBenchmark {

  /** The desk's {@code message {conversationId, message}} frame, shaped as DESIGN.md names it. */
  public record MessageFrame(String type, long seq, String conversationId, MessageBody message) {}

  public record MessageBody(String id, String conversationId, String channel, String direction, String author,
      String text, String html, List<String> attachments, String delivery, Instant createdAt) {}

  private final MessageFrame frame = new MessageFrame("message", 4711, "01JD3ZK8Q4W5X6Y7Z8A9B0C1D2",
      new MessageBody("01JD3ZK9R5X6Y7Z8A9B0C1D2E3", "01JD3ZK8Q4W5X6Y7Z8A9B0C1D2", "chat", "in", null,
          "Hello, my order #1234 still has not arrived and the tracking page says \"in transit\". Can you help?",
          null, List.of(), "received", Instant.parse("2026-11-24T18:00:00.123Z")));

  private final String replyText = "{\"type\":\"reply\",\"conversationId\":\"01JD3ZK8Q4W5X6Y7Z8A9B0C1D2\","
      + "\"text\":\"Sorry about that! I have checked with the carrier: it arrives tomorrow before noon.\","
      + "\"clientId\":\"desk-7f3a-42\"}";

  private final String chatMessageText = "{\"type\":\"message\",\"text\":\"Hi, is anyone there? I need help "
      + "with my invoice.\",\"clientId\":\"c-1732471200-17\"}";

  @Benchmark
  public byte[] encodeDeskMessageFrame() {
    return Json.write(frame);
  }

  @Benchmark
  public void decodeDeskReplyFrame(Blackhole bh) throws Exception {
    JsonNode node = Json.read(replyText);
    bh.consume(node.path("type").asText());
    bh.consume(node.path("conversationId").asText());
    bh.consume(node.path("text").asText());
    bh.consume(node.path("clientId").asText());
  }

  @Benchmark
  public void decodeChatMessageFrame(Blackhole bh) throws Exception {
    JsonNode node = Json.read(chatMessageText);
    bh.consume(node.path("type").asText());
    bh.consume(node.path("text").asText());
    bh.consume(node.path("clientId").asText());
  }

  @Benchmark
  public String encodeDeskMessageFrameTree() {
    com.fasterxml.jackson.databind.node.ObjectNode n = Json.mapper().createObjectNode();
    n.put("type", frame.type()).put("conversationId", frame.conversationId());
    n.set("message", Json.mapper().valueToTree(frame.message()));
    n.put("seq", frame.seq());
    return Json.writeString(n);
  }

  @Benchmark
  public String encodeDeskMessageFramePojo() {
    com.fasterxml.jackson.databind.node.ObjectNode n = Json.mapper().createObjectNode();
    n.put("type", frame.type()).put("conversationId", frame.conversationId());
    n.putPOJO("message", frame.message());
    n.put("seq", frame.seq());
    return Json.writeString(n);
  }

  @Benchmark
  public void decodeChatMessageFrameStreamed(Blackhole bh) throws Exception {
    JsonFields f = JsonFields.read(chatMessageText);
    bh.consume(f.text("type"));
    bh.consume(f.text("text"));
    bh.consume(f.text("clientId"));
  }

  @Benchmark
  public void decodeDeskReplyFrameStreamed(Blackhole bh) throws Exception {
    JsonFields f = JsonFields.read(replyText);
    bh.consume(f.text("type"));
    bh.consume(f.scalarText("conversationId"));
    bh.consume(f.scalarText("text"));
    bh.consume(f.scalarText("clientId"));
  }

  @Benchmark
  public String formatInstantIsoFormatter() {
    return java.time.format.DateTimeFormatter.ISO_INSTANT.format(frame.message().createdAt());
  }

  @Benchmark
  public String formatInstantDirect() {
    return IsoInstant.format(frame.message().createdAt());
  }
}
