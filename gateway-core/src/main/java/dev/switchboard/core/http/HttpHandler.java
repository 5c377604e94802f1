package dev.switchboard.core.http;

/**
 * Answers one HTTP request. Runs on a worker thread. Throwing {@link HttpException} answers with its
 * status and JSON error body; any other exception answers 500 and is logged.
 */
@FunctionalInterface
public interface HttpHandler {

  HttpResponse handle(HttpRequest request) throws Exception;
}
