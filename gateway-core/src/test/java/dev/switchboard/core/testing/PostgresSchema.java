package dev.switchboard.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.config.StorageConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throw-away PostgreSQL schema for one test class, dropped after it: register it as a static field with
 * {@code @RegisterExtension}. The class is skipped unless {@code SWITCHBOARD_TEST_POSTGRES_URL} names a
 * server, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}.
 */
public final class PostgresSchema implements BeforeAllCallback, AfterAllCallback {

  private String url;
  private String schema;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    url = TestStores.postgresUrl();
    assumeTrue(url != null, context.getDisplayName() + " skipped: set " + TestStores.POSTGRES_URL_ENV
        + "=jdbc:postgresql://127.0.0.1:5432/test?user=postgres to run it");
    schema = TestStores.createSchema(url);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (schema != null) {
      TestStores.dropSchema(url, schema);
      schema = null;
    }
  }

  /** The store config on this schema, attachments under {@code dir}. */
  public StorageConfig storage(Path dir) {
    return TestStores.postgresConfig(url, schema, dir);
  }

  public String schema() {
    return schema;
  }
}
