package dev.switchboard.bench.jmh;

import dev.switchboard.config.StorageConfig;
import dev.switchboard.core.ingest.InboundMessage;
import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.store.SearchHit;
import dev.switchboard.core.store.SearchQuery;
import dev.switchboard.core.store.SearchScope;
import dev.switchboard.core.store.SearchTerms;
import dev.switchboard.core.store.Stores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full-text search on a SQLite store of {@code conversations} conversations, one 40-word customer message
 * each, words drawn from a 20,000-word vocabulary by Zipf's law (so the common words are in most messages,
 * as in real mail): a rare word (10 conversations), a common word (in about a third of them), two words
 * with the last a prefix, and an agent's search limited to one of three tiers. Each is the whole read
 * (ranking, the 20 best conversations, snippets), as {@code GET /api/search} runs it, without HTTP.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class SearchBenchmark {

  @Param("100000")
  public int conversations;

  private static final int VOCABULARY = 20_000;
  private static final int WORDS_PER_MESSAGE = 40;

  private Path dir;
  private Stores stores;

  @Setup(Level.Trial)
  public void fill() throws Exception {
    dir = Files.createTempDirectory("search-bench");
    stores = Stores.open(new StorageConfig(dir.resolve("switchboard.db"), null, dir.resolve("attachments"), 256,
        Duration.ofMillis(1), null), Clock.systemUTC(), new SimpleMeterRegistry());
    double[] cumulative = zipf(VOCABULARY);
    SplittableRandom random = new SplittableRandom(42);
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    for (int i = 0; i < conversations; i++) {
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < WORDS_PER_MESSAGE; w++) {
        text.append(word(draw(cumulative, random))).append(' ');
      }
      if (i % (conversations / 10) == 0) {
        text.append("quokkascreen");
      }
      String id = "<bench-" + i + "@example.org>";
      inFlight.add(stores.conversations().ingest(InboundMessage.builder(Channel.EMAIL,
              Identity.email("customer" + i + "@example.org"), id, id)
          .senderName("Customer " + word(i % VOCABULARY)).subject("Order " + i).text(text.toString())
          .receivedAt(Instant.now()).build()).toCompletableFuture());
      if (inFlight.size() == 2000) {
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        inFlight.clear();
      }
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    stores.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** A made-up word per rank: "w" and the rank in base 26 letters, so the tokenizer keeps it whole. */
  private static String word(int rank) {
    StringBuilder w = new StringBuilder("w");
    int r = rank;
    do {
      w.append((char) ('a' + r % 26));
      r /= 26;
    } while (r > 0);
    return w.toString();
  }

  private static double[] zipf(int n) {
    double[] c = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1.0 / (i + 1);
      c[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      c[i] /= sum;
    }
    return c;
  }

  private static int draw(double[] cumulative, SplittableRandom random) {
    int at = java.util.Arrays.binarySearch(cumulative, random.nextDouble());
    return at >= 0 ? at : -at - 1;
  }

  private List<SearchHit> search(String q, SearchScope scope) throws Exception {
    return stores.conversations().search(new SearchQuery(SearchTerms.parse(q), scope, 20)).toCompletableFuture()
        .get(1, TimeUnit.MINUTES);
  }

  @Benchmark
  public List<SearchHit> rareWord() throws Exception {
    return search("quokkascreen", SearchScope.everything());
  }

  /** The 10th most frequent word: in about a third of the messages. */
  @Benchmark
  public List<SearchHit> commonWord() throws Exception {
    return search(word(9), SearchScope.everything());
  }

  @Benchmark
  public List<SearchHit> twoWordsLastAPrefix() throws Exception {
    return search(word(150) + " " + word(400).substring(0, 3), SearchScope.everything());
  }

  /** Conversations are not classified here (no router), so an agent's tier finds only what they held: none. */
  @Benchmark
  public List<SearchHit> commonWordForAnAgentOfOneTier() throws Exception {
    return search(word(9), SearchScope.agent("alice", java.util.List.of("standard"), false));
  }
}
