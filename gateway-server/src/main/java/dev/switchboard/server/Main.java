package dev.switchboard.server;

import dev.switchboard.config.ConfigCheck;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.Gateway;
import dev.switchboard.server.logging.LogFormat;
import dev.switchboard.server.logging.LogQueue;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code switchboard} command: {@code run [--config FILE]} starts the gateway,
 * {@code check-config FILE} validates a config and exits 0 (valid) or 2 (invalid), {@code warm-up} starts and
 * stops a throwaway gateway ({@link WarmUp}).
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);
  static final String USAGE = """
      Usage:
        switchboard run [--config FILE]     start the gateway (default config: ./gateway.yaml)
        switchboard check-config FILE       validate a config file; exit 0 when valid, 2 when not
        switchboard warm-up                 start and stop a throwaway gateway (records a class data archive
                                            when run with -XX:ArchiveClassesAtExit; the launcher does so)
        switchboard help                    show this text
      """;

  private Main() {}

  public static void main(String[] args) throws Exception {
    int code = run(args, System.out, System.err);
    if (code >= 0) {
      LogQueue.drain();
      System.exit(code);
    }
  }

  /** Runs a command; returns its exit code, or -1 when the gateway is running and the JVM must stay up. */
  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    String command = args.length == 0 ? "run" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (command) {
      case "run":
        return runGateway(rest, out, err);
      case "check-config":
        if (rest.length != 1) {
          err.print(USAGE);
          return 2;
        }
        return ConfigCheck.run(Path.of(rest[0]), out, err);
      case "warm-up":
        return WarmUp.run(out);
      case "help", "--help", "-h":
        out.print(USAGE);
        return 0;
      default:
        err.println("Unknown command: " + command);
        err.print(USAGE);
        return 2;
    }
  }

  /** Loads the config at {@code file} and starts a gateway with every channel on the classpath. */
  static Gateway start(Path file) throws Exception {
    GatewayConfig config = ConfigLoader.load(file);
    LogFormat.apply(config.logging());
    Gateway gateway = Gateway.builder(config)
        .configFile(file.toAbsolutePath())
        .routes(AgentConsole::mount)
        .routes(ReportsPage::mount)
        .build();
    try {
      return gateway.start();
    } catch (Exception e) {
      gateway.close();
      throw e;
    }
  }

  private static int runGateway(String[] args, PrintStream out, PrintStream err) throws Exception {
    Path file = Path.of("gateway.yaml");
    for (int i = 0; i < args.length; i++) {
      if ((args[i].equals("--config") || args[i].equals("-c")) && i + 1 < args.length) {
        file = Path.of(args[++i]);
      } else {
        err.println("Unknown option: " + args[i]);
        err.print(USAGE);
        return 2;
      }
    }
    if (!Files.isRegularFile(file)) {
      err.println("No config file at " + file.toAbsolutePath()
          + ": pass --config FILE, or start from the sample gateway.yaml in the repository root.");
      return 2;
    }
    Gateway gateway;
    try {
      gateway = start(file);
    } catch (ConfigException e) {
      err.println("The config is not valid:");
      e.problems().forEach(p -> err.println("  " + p));
      return 2;
    } catch (Exception e) {
      log.error("The gateway failed to start", e);
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("Shutting down");
      gateway.close();
      LogQueue.drain();
    }, "sb-shutdown"));
    String base = "http://localhost:" + gateway.port();
    out.println();
    out.println("Switchboard is running on " + base);
    out.println("  Agent console:  " + base + "/agent/");
    out.println("  Chat demo page: " + base + "/chat/");
    out.println("  Health:         " + base + "/health/ready");
    out.println("  Metrics:        " + base + "/metrics");
    out.println("Press Ctrl-C to stop.");
    out.flush();
    return -1;
  }
}
