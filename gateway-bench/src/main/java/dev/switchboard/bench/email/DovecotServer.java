package dev.switchboard.bench.email;

import dev.switchboard.bench.Flags;
import dev.switchboard.bench.Log;
import dev.switchboard.bench.TempDir;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private Dovecot ({@code dovecot -F -c <conf>}) for one run, on a free port of 127.0.0.1, configured by
 * {@link DovecotConfig} under the run's scratch directory, and stopped at the end. Mail goes in the way a
 * client files it: IMAP {@code APPEND} over one connection of the bench's own ({@link ImapAppender}), so
 * {@link #deliver} returns when Dovecot has answered {@code OK} and the mail is in the box; the gateway's
 * {@code IDLE} hears of it from Dovecot's own change notification (inotify), as it would of a mail
 * delivered by LMTP. Dovecot announces a change to an idling client 500 ms after it (its fixed
 * {@code NOTIFY_DELAY_MSECS}), so a mail that arrives while the gateway idles waits that long to be seen.
 */
final class DovecotServer implements BenchImapServer {

  private static final String INSTALL = "install it with `apt-get install -y dovecot-imapd`, or give --dovecot=PATH";
  private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);

  private final Process process;
  private final DovecotConfig config;
  private final ImapAppender appender;

  private DovecotServer(Process process, DovecotConfig config, ImapAppender appender) {
    this.process = process;
    this.config = config;
    this.appender = appender;
  }

  /** The {@code dovecot} binary: {@code --dovecot=PATH}, else the first on the PATH, in /usr/sbin or /usr/local/sbin. */
  static Path binary(Flags flags) {
    String given = flags.string("dovecot", "");
    if (!given.isEmpty()) {
      Path path = Path.of(given);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException("--dovecot=" + given + " is not an executable file; " + INSTALL);
      }
      return path;
    }
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin"));
    for (String dir : dirs) {
      Path path = Path.of(dir.isEmpty() ? "." : dir, "dovecot");
      if (Files.isExecutable(path)) {
        return path;
      }
    }
    throw new IllegalStateException("dovecot is not installed (not on the PATH, in /usr/sbin or /usr/local/sbin): "
        + INSTALL);
  }

  /** Starts Dovecot with its files under {@code scratch} (created here) and connects the bench's client to it. */
  static DovecotServer start(Path binary, DovecotConfig.MailFormat format, Path scratch, String user,
      String password) throws Exception {
    Files.createDirectories(scratch);
    DovecotConfig config = new DovecotConfig(scratch, TempDir.freePort(), owner(scratch), !isRoot(), format);
    openForDovecot(scratch);
    Files.createDirectories(scratch.resolve("state"));
    Files.writeString(config.users(), DovecotConfig.userLine(user, password));
    Files.writeString(config.file(), config.text());
    Process process = new ProcessBuilder(binary.toString(), "-F", "-c", config.file().toString())
        .redirectErrorStream(true)
        .redirectOutput(scratch.resolve("dovecot.out").toFile())
        .start();
    try {
      awaitGreeting(process, config);
      ImapAppender appender = ImapAppender.login(config.port(), user, password);
      Log.info("dovecot %s listening on 127.0.0.1:%d (pid %d, %s, files in %s)", binary, config.port(),
          process.pid(), format.location, scratch);
      return new DovecotServer(process, config, appender);
    } catch (Exception e) {
      stop(process);
      throw e;
    }
  }

  @Override
  public Kind kind() {
    return Kind.DOVECOT;
  }

  @Override
  public int port() {
    return config.port();
  }

  @Override
  public void deliver(ReadyMail mail) throws IOException {
    appender.append(List.of(mail.raw()));
  }

  @Override
  public void deliver(List<ReadyMail> mails) throws IOException {
    appender.append(mails.stream().map(ReadyMail::raw).toList());
  }

  @Override
  public int messageCount() throws IOException {
    return appender.messageCount();
  }

  @Override
  public void close() throws Exception {
    try {
      appender.close();
    } finally {
      stop(process);
    }
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy(); // SIGTERM: the master stops its children and removes its pid file
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** Waits for the {@code * OK} greeting on the port; a Dovecot that exits first fails with its own words. */
  private static void awaitGreeting(Process process, DovecotConfig config) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("dovecot exited with " + process.exitValue() + ": " + said(config));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", config.port()), 1000);
        socket.setSoTimeout(5000);
        String greeting = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
            .readLine();
        if (greeting != null && greeting.startsWith("* OK")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new IllegalStateException("dovecot did not greet on 127.0.0.1:" + config.port() + " within 20 s: "
        + said(config));
  }

  /** The last lines Dovecot wrote (its stdout and its log), for an error message. */
  private static String said(DovecotConfig config) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path file : List.of(config.dir().resolve("dovecot.out"), config.log())) {
      if (Files.exists(file)) {
        lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    }
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * The account mail access runs as. Dovecot refuses uid 0, so under root it is the {@code dovecot} account
   * the Debian package makes, owning the mail directory; otherwise the user running the bench.
   */
  private static DovecotConfig.MailOwner owner(Path scratch) throws IOException {
    Path mail = Files.createDirectories(scratch.resolve("mail"));
    String name = System.getProperty("user.name");
    if (isRoot()) {
      name = "dovecot";
      UserPrincipalLookupService accounts = mail.getFileSystem().getUserPrincipalLookupService();
      PosixFileAttributeView view = Files.getFileAttributeView(mail, PosixFileAttributeView.class);
      try {
        view.setOwner(accounts.lookupPrincipalByName(name));
        view.setGroup(accounts.lookupPrincipalByGroupName(name));
      } catch (IOException e) {
        throw new IllegalStateException("run as root, the bench's Dovecot needs the system account `dovecot` "
            + "(made by the dovecot-core package) to own its mail: " + e, e);
      }
    }
    return new DovecotConfig.MailOwner(name,
        Files.readAttributes(mail, PosixFileAttributes.class).group().getName(),
        (Integer) Files.getAttribute(mail, "unix:uid"), (Integer) Files.getAttribute(mail, "unix:gid"));
  }

  /** Dovecot's unprivileged processes read the passwd-file and reach the mail directory through these. */
  private static void openForDovecot(Path scratch) throws IOException {
    for (Path dir : List.of(scratch.getParent(), scratch)) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }
}
