package dev.switchboard.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads {@code gateway.yaml} into a {@link GatewayConfig}: YAML with line numbers, {@code ${ENV}}
 * substitution, binding to the records, then validation; any problem throws a {@link ConfigException}
 * that lists all of them.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /** Loads the file, resolving {@code ${ENV}} from the process environment. */
  public static GatewayConfig load(Path file) {
    return load(file, System.getenv());
  }

  /** Loads the file, resolving {@code ${ENV}} from {@code env}; relative paths resolve against the file's directory. */
  public static GatewayConfig load(Path file, Map<String, String> env) {
    requireNonNull(file, "file");
    requireNonNull(env, "env");
    String source = file.toString();
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw unreadable(source, "the file does not exist");
    } catch (AccessDeniedException e) {
      throw unreadable(source, "permission denied");
    } catch (MalformedInputException e) {
      throw unreadable(source, "the file is not UTF-8 text");
    } catch (IOException e) {
      String why = Files.isDirectory(file) ? "it is a directory, not a file" : e.getClass().getSimpleName() + ": " + e.getMessage();
      throw unreadable(source, why);
    }
    Path baseDir = file.toAbsolutePath().getParent();
    return parse(yaml, source, baseDir == null ? Path.of("").toAbsolutePath() : baseDir, env);
  }

  /**
   * Parses YAML text; {@code sourceName} names it in problems, {@code baseDir} is where relative paths
   * in it resolve.
   */
  public static GatewayConfig parse(String yaml, String sourceName, Path baseDir, Map<String, String> env) {
    requireNonNull(yaml, "yaml");
    requireNonNull(sourceName, "sourceName");
    requireNonNull(baseDir, "baseDir");
    requireNonNull(env, "env");
    Diagnostics diagnostics = new Diagnostics(sourceName);
    Optional<YamlNode> root = new YamlReader(diagnostics).read(yaml);
    GatewayConfig config = null;
    if (root.isPresent()) {
      RecordBinder binder = new RecordBinder(diagnostics, new EnvInterpolation(env), baseDir);
      config = (GatewayConfig) binder.bind(root.get(), GatewayConfig.class, "");
      if (config == null && root.get() instanceof YamlNode.Scalar s && s.isNull()) {
        config = new GatewayConfig(null, null, null, null, null, null, null);   // an empty file: all defaults
      }
      if (config != null) {
        new ConfigValidator(diagnostics).validate(config);
      }
    }
    if (diagnostics.count() > 0) {
      throw new ConfigException(diagnostics.sorted());
    }
    return config;
  }

  private static ConfigException unreadable(String source, String why) {
    return new ConfigException(List.of(new ConfigProblem(source, 0, 0, "", "cannot read the configuration: " + why)));
  }
}
