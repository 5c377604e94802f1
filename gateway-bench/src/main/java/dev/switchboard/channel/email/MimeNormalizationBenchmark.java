package dev.switchboard.channel.email;

import dev.switchboard.bench.email.Mails;
import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Blob;
import dev.switchboard.core.store.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The email channel's MIME normalization of a typical support mail (multipart/alternative, text and HTML
 * with a quoted earlier exchange, about 3 KB): parse, pick the text, trim the quote, make the HTML safe; and
 * of the bench's 22 KB mail with a PDF (the same mail in a multipart/mixed beside a 14 KB base64 PDF), whose
 * attachment is decoded and hashed as the blob store does for content it keeps in the database.
 * Lives in the channel's package because {@code MimeNormalizer} is package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class MimeNormalizationBenchmark {

  private Path dir;
  private SpooledMail mail;
  private SpooledMail mailWithPdf;
  private MimeNormalizer normalizer;
  private MimeNormalizer pdfNormalizer;

  @Setup(Level.Trial)
  public void spool() throws IOException {
    dir = Files.createTempDirectory("switchboard-jmh-mime");
    byte[] raw = Mails.typicalBytes("jmh", 1, 1000, "support@bench.test");
    // Spooled as the intake does it: a mail this small stays in the heap.
    mail = new MailSpool(dir).spool(new ByteArrayInputStream(raw), 25L << 20);
    normalizer = new MimeNormalizer(new MailLimits(25L << 20, 100, 10), new DiscardingBlobs());
    byte[] withPdf = Mails.withAttachmentBytes("jmh", 1, 1000, "support@bench.test");
    mailWithPdf = new MailSpool(dir).spool(new ByteArrayInputStream(withPdf), 25L << 20);
    pdfNormalizer = new MimeNormalizer(new MailLimits(25L << 20, 100, 10), new HeldBlobs());
    // Measure the path real mail takes, not a refusal.
    accepted(normalizer.normalize(mail), 0);
    accepted(pdfNormalizer.normalize(mailWithPdf), 1);
  }

  private static void accepted(Normalization once, int attachments) {
    if (!(once instanceof Normalization.Accepted a) || a.mail().attachments().size() != attachments) {
      throw new IllegalStateException("the mail was not accepted with " + attachments + " attachment(s): " + once);
    }
  }

  @TearDown(Level.Trial)
  public void clean() throws IOException {
    mail.close();
    mailWithPdf.close();
    Files.deleteIfExists(dir);
  }

  @Benchmark
  public Normalization normalizeTypicalMail() throws IOException {
    return normalizer.normalize(mail);
  }

  @Benchmark
  public Normalization normalizeMailWithPdf() throws IOException {
    return pdfNormalizer.normalize(mailWithPdf);
  }

  /** Typical mails carry no attachments; should one appear it is read and dropped. */
  private static final class DiscardingBlobs implements BlobStore {
    @Override
    public Blob put(InputStream content, String filename, String contentType, boolean inline, long maxBytes)
        throws IOException {
      throw new IOException("the typical mail has no attachments");
    }

    @Override
    public CompletionStage<Optional<Content>> find(String sha256) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
  }

  /** Small content as the gateway's blob store takes it for its database: read whole, hashed, held. */
  private static final class HeldBlobs implements BlobStore {
    @Override
    public Blob put(InputStream content, String filename, String contentType, boolean inline, long maxBytes)
        throws IOException {
      byte[] bytes = content.readNBytes((int) Math.min(maxBytes, 256 << 10) + 1);
      try {
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        return new Blob.Bytes(new AttachmentRef(hash, filename, contentType, bytes.length, inline), bytes);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public CompletionStage<Optional<Content>> find(String sha256) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
  }
}
