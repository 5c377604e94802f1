package dev.switchboard.core.http;

/** Ends a request with {@code {"error": code, "message": message}} and the given status. */
public final class HttpException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public HttpException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public static HttpException badRequest(String code, String message) {
    return new HttpException(400, code, message);
  }

  public static HttpException notFound(String message) {
    return new HttpException(404, "not_found", message);
  }
}
