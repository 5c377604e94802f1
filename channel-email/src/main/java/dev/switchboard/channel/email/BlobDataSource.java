package dev.switchboard.channel.email;

import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.store.BlobStore;
import jakarta.activation.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An attachment's stored content as a MIME part's source: opened afresh each time the mail is written
 * (for its size, for the SMTP transfer), so a large file streams from the blob store and is never in memory.
 * Opening blocks while the store looks the content up ({@link BlobStore#open}): the mail is written on the
 * SMTP executor, which may block.
 */
record BlobDataSource(BlobStore blobs, AttachmentRef ref) implements DataSource {

  @Override
  public InputStream getInputStream() throws IOException {
    return blobs.open(ref.sha256());
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
