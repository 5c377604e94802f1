package dev.switchboard.core.testing;

import static dev.switchboard.core.testing.Futures.await;

import dev.switchboard.core.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads attachment content back from a {@link BlobStore} for assertions, as the gateway finds it. */
public final class StoredContent {

  private StoredContent() {}

  /** The content stored at {@code sha256}; fails the test when there is none. */
  public static byte[] read(BlobStore blobs, String sha256) {
    BlobStore.Content content = await(blobs.find(sha256))
        .orElseThrow(() -> new AssertionError("no content stored at " + sha256));
    try (InputStream in = content.open()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
