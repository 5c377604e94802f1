package dev.switchboard.core.http;

/** An HTTP request with its whole body received (in memory or spilled to a temporary file). */
public interface HttpRequest extends RequestHead {

  RequestBody body();
}
