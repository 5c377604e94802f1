package dev.switchboard.bench.reports;

import dev.switchboard.bench.Log;
import dev.switchboard.bench.recovery.ReportFacts;
import dev.switchboard.bench.recovery.StoreSeeder;
import dev.switchboard.core.model.Ids;
import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The reports bench's store on PostgreSQL: a schema of its own on the server {@code --postgres} names (made
 * here, dropped on close, so no other test's tables are touched), migrated by the gateway itself, then filled
 * with {@code COPY}: the same conversations and report facts as the SQLite seeder ({@link ReportFacts}), each
 * with its contact. Messages and identities are left out: no report reads them.
 */
final class PostgresReportStore implements AutoCloseable {

  private final String serverUrl;
  private final String schema;

  private PostgresReportStore(String serverUrl, String schema) {
    this.serverUrl = serverUrl;
    this.schema = schema;
  }

  static PostgresReportStore create(String serverUrl) throws SQLException {
    String schema = "sb_bench_reports_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)
        .toLowerCase(Locale.ROOT);
    execute(serverUrl, "CREATE SCHEMA " + schema);
    Log.info("PostgreSQL schema %s made", schema);
    return new PostgresReportStore(serverUrl, schema);
  }

  /** The JDBC URL of the schema, for the gateway and for reading the store straight. */
  String url() {
    return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** Fills the migrated schema with {@code conversations} resolved conversations over the 30 days up to {@code now}. */
  void seed(int conversations, long now) throws SQLException, IOException {
    long start = System.nanoTime();
    try (Connection c = DriverManager.getConnection(url())) {
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      String[] contactIds = new String[conversations];
      for (int i = 0; i < conversations; i++) {
        contactIds[i] = Ids.next();
      }
      copy.copyIn("COPY contacts (id, name, created_at, updated_at) FROM STDIN",
          new Rows(conversations, (i, out) -> {
            long created = created(i, conversations, now);
            out.append(contactIds[i]).append("\tCustomer ").append(i).append('\t').append(created).append('\t')
                .append(created).append('\n');
          }));
      Log.info("copied %d contacts (%.0f s)", conversations, (System.nanoTime() - start) / 1e9);
      copy.copyIn("COPY conversations (id, ref, contact_id, channel, thread_key, subject, status, tier, skills, "
          + "last_agent, first_response_target, first_responded_at, next_responses, next_responses_late, resolved_at, "
          + "handled_ms, created_at, updated_at) FROM STDIN", new Rows(conversations, (i, out) -> {
            long created = created(i, conversations, now);
            ReportFacts f = ReportFacts.of(i, created);
            out.append(Ids.next()).append('\t').append(StoreSeeder.ref(i)).append('\t').append(contactIds[i])
                .append('\t').append(f.channel()).append("\t<seed.").append(i).append("@reports.bench.test>\t")
                .append("Question about order #").append(i).append("\tRESOLVED\t").append(f.tier()).append("\t[]\t")
                .append(f.agent()).append('\t').append(f.firstResponseTarget()).append('\t')
                .append(f.firstRespondedAt()).append('\t').append(f.nextResponses()).append('\t')
                .append(f.nextResponsesLate()).append('\t').append(f.resolvedAt()).append('\t').append(f.handledMs())
                .append('\t').append(created).append('\t').append(f.resolvedAt()).append('\n');
          }));
      Log.info("copied %d conversations (%.0f s)", conversations, (System.nanoTime() - start) / 1e9);
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE contacts");
        s.execute("ANALYZE conversations");
      }
    }
    Log.info("seeded PostgreSQL in %.0f s", (System.nanoTime() - start) / 1e9);
  }

  /** As the SQLite seeder spreads them: oldest first over the 30 days up to {@code now}. */
  static long created(int i, int conversations, long now) {
    return now - (long) (conversations - i) * (30L * 24 * 3600 * 1000 / Math.max(1, conversations));
  }

  @Override
  public void close() throws SQLException {
    Log.info("dropping PostgreSQL schema %s", schema);
    execute(serverUrl, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Writes row {@code i} of a COPY text stream. */
  private interface Row {
    void write(int i, StringBuilder out);
  }

  /** A COPY text stream made row by row as the driver reads it, so a million rows never sit in memory. */
  private static final class Rows extends Reader {
    private final int count;
    private final Row row;
    private final StringBuilder buffer = new StringBuilder(1 << 16);
    private int next;
    private int at;

    Rows(int count, Row row) {
      this.count = count;
      this.row = row;
    }

    @Override
    public int read(char[] into, int off, int len) {
      if (at == buffer.length()) {
        buffer.setLength(0);
        at = 0;
        while (next < count && buffer.length() < (1 << 15)) {
          row.write(next++, buffer);
        }
        if (buffer.length() == 0) {
          return -1;
        }
      }
      int n = Math.min(len, buffer.length() - at);
      buffer.getChars(at, at + n, into, off);
      at += n;
      return n;
    }

    @Override
    public void close() {
      // nothing held
    }
  }
}
