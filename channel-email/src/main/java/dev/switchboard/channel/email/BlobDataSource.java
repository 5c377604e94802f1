package dev.switchboard.channel.email;

import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.store.BlobStore;
import jakarta.activation.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An attachment's stored content as a MIME part's source, as the blob store found it before the mail was
 * composed ({@link BlobStore#find}): opened afresh each time the mail is written (for its size, for the SMTP
 * transfer) without a database read, so a large file streams from disk and is never in memory whole.
 */
record BlobDataSource(BlobStore.Content content, AttachmentRef ref) implements DataSource {

  @Override
  public InputStream getInputStream() throws IOException {
    return content.open();
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    throw new IOException("a stored attachment is read-only");
  }

  @Override
  public String getContentType() {
    return ref.contentType();
  }

  @Override
  public String getName() {
    return ref.filename();
  }
}
