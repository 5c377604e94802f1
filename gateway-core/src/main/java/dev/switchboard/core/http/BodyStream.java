package dev.switchboard.core.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * A response body sent as it is read, never held whole (an attachment): its length, known before the
 * first byte, and a way to open it. The transport opens it when the head is written and closes it when
 * the last byte is sent or the connection ends.
 */
public interface BodyStream {

  long length();

  InputStream open() throws IOException;
}
