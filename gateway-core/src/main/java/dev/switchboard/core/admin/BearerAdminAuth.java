package dev.switchboard.core.admin;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.AdminConfig;
import dev.switchboard.config.Secret;
import dev.switchboard.core.http.AdminAuth;
import dev.switchboard.core.http.HttpException;
import dev.switchboard.core.http.RequestHead;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Checks {@code Authorization: Bearer <token>} against the admin tokens of the current config.
 * Tokens are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so neither their content
 * nor their length leaks through timing.
 */
public final class BearerAdminAuth implements AdminAuth {

  private final Supplier<AdminConfig> config;

  public BearerAdminAuth(Supplier<AdminConfig> config) {
    this.config = requireNonNull(config, "config");
  }

  @Override
  public void require(RequestHead request) {
    Optional<String> token = bearerToken(request);
    if (token.isEmpty()) {
      throw new HttpException(401, "unauthorized",
          "This endpoint needs an admin token: send Authorization: Bearer <token>.");
    }
    byte[] offered = sha256(token.get());
    boolean match = false;
    for (Secret s : config.get().tokens()) {
      // No early exit: every configured token is compared.
      match |= MessageDigest.isEqual(offered, sha256(s.reveal()));
    }
    if (!match) {
      throw new HttpException(403, "forbidden", "The admin token is not valid.");
    }
  }

  /** The token of an {@code Authorization: Bearer} header, if the request has one. */
  public static Optional<String> bearerToken(RequestHead request) {
    return request.header("authorization")
        .map(String::strip)
        .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(v -> v.substring(7).strip())
        .filter(v -> !v.isEmpty());
  }

  /** The SHA-256 of a token, as the config stores agents' tokens. */
  public static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
