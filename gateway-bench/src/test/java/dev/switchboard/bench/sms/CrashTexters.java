package dev.switchboard.bench.sms;

import dev.switchboard.bench.GatewayConfigFile;
import dev.switchboard.bench.GatewayProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Customers texting in, as Twilio delivers their texts: signed inbound webhooks, one phone per thread,
 * one text at a time. A text is acknowledged by a 200; until then it is sent again, with the same
 * MessageSid, as Twilio retries a webhook that failed.
 */
final class CrashTexters {

  /** One inbound text: its MessageSid and form. */
  private record Text(String sid, Map<String, String> form) {}

  private final String authToken;
  private final int phones;
  private final List<LinkedHashMap<String, Text>> unacked = new ArrayList<>(); // per phone, in order
  private final Map<String, String> acked = new ConcurrentHashMap<>(); // MessageSid -> body
  private final AtomicInteger written = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private volatile boolean writing = true;
  private volatile boolean running;
  private ExecutorService threads;

  CrashTexters(String authToken, int phones) {
    this.authToken = authToken;
    this.phones = phones;
    for (int i = 0; i < phones; i++) {
      unacked.add(new LinkedHashMap<>());
    }
  }

  /** Starts one thread per phone against the gateway just started. */
  void begin(GatewayProcess gateway, GatewayConfigFile config) {
    running = true;
    threads = Executors.newFixedThreadPool(phones);
    URI endpoint = URI.create("http://127.0.0.1:" + gateway.port() + SmsWebhooks.PATH);
    String signedUrl = config.publicUrl() + SmsWebhooks.PATH;
    TwilioSignature signature = new TwilioSignature(authToken);
    for (int i = 0; i < phones; i++) {
      int phone = i;
      threads.execute(() -> textAway(phone, endpoint, signedUrl, signature));
    }
  }

  /** Stops the threads (the gateway is gone, so their requests fail at once). */
  void stop() throws InterruptedException {
    running = false;
    if (threads != null) {
      threads.shutdown();
      if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("texting threads still busy 30 s after the gateway stopped");
      }
    }
  }

  void stopWriting() {
    writing = false;
  }

  Map<String, String> acknowledged() {
    return Map.copyOf(acked);
  }

  int unacknowledged() {
    synchronized (unacked) {
      return unacked.stream().mapToInt(Map::size).sum();
    }
  }

  int refused() {
    return refused.get();
  }

  private void textAway(int phone, URI endpoint, String signedUrl, TwilioSignature signature) {
    while (running) {
      Text text = next(phone);
      if (text == null) {
        return;
      }
      HttpRequest request = HttpRequest.newBuilder(endpoint)
          .timeout(Duration.ofSeconds(20))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .header("X-Twilio-Signature", signature.sign(signedUrl, text.form()))
          .POST(HttpRequest.BodyPublishers.ofByteArray(SmsWebhooks.encode(text.form())))
          .build();
      try {
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
          refused.incrementAndGet();
          return; // kept unacknowledged: sent again after the next start
        }
        acked.put(text.sid(), text.form().get("Body"));
        synchronized (unacked) {
          unacked.get(phone).remove(text.sid());
        }
      } catch (IOException e) {
        return; // the gateway is gone; no 200, so nothing is promised for this text
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The oldest unacknowledged text of {@code phone}, or a new one while writing, or null. */
  private Text next(int phone) {
    synchronized (unacked) {
      LinkedHashMap<String, Text> waiting = unacked.get(phone);
      if (!waiting.isEmpty()) {
        return waiting.values().iterator().next();
      }
      if (!writing) {
        return null;
      }
      int n = written.incrementAndGet();
      String sid = String.format(Locale.ROOT, "SM%032x", n);
      Map<String, String> form = new LinkedHashMap<>();
      form.put("MessageSid", sid);
      form.put("AccountSid", GatewayConfigFile.SMS_ACCOUNT);
      form.put("From", String.format(Locale.ROOT, "+1555%07d", phone));
      form.put("To", GatewayConfigFile.SMS_NUMBER);
      form.put("Body", "Customer " + phone + " texts message " + n);
      form.put("NumMedia", "0");
      form.put("NumSegments", "1");
      form.put("SmsStatus", "received");
      form.put("ApiVersion", "2010-04-01");
      Text text = new Text(sid, form);
      waiting.put(sid, text);
      return text;
    }
  }
}
