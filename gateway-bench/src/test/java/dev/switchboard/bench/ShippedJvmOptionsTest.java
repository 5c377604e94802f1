package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway ships with a fixed heap (docs/operations.md, "JVM heap"), and the bench starts it the same way.
 * The launcher is run for real, from a copy beside a built jar, with a {@code java} on the PATH that prints
 * the arguments it was given.
 */
class ShippedJvmOptionsTest {

  private static final Path ROOT = Path.of("..");

  @TempDir
  Path dir;

  @Test
  void theLauncherStartsTheGatewayWithAFixedHeapWhenJavaOptsIsUnset() throws Exception {
    List<String> args = launch(Map.of());

    assertThat(args).containsSubsequence(List.of("-Xms2g", "-Xmx2g"));
    assertThat(heapSize(args, "-Xms")).as("initial heap = maximum heap").isEqualTo(heapSize(args, "-Xmx"));
    assertThat(args).as("the young generation capped (docs/operations.md)").contains(YOUNG_CAP);
    assertThat(args).endsWith("-jar", "gateway-server/target/switchboard.jar", "run");
  }

  @Test
  void javaOptsReplacesTheLaunchersOptions() throws Exception {
    assertThat(launch(Map.of("JAVA_OPTS", "-Xms512m -Xmx512m")))
        .containsExactly("-Xms512m", "-Xmx512m", "-jar", "gateway-server/target/switchboard.jar", "run");
  }

  @Test
  void theBenchStartsTheGatewayWithTheLaunchersOptions() throws Exception {
    List<String> launcher = launch(Map.of());

    assertThat(GatewayUnderTest.jvmOptions(Flags.parse(List.of())))
        .isEqualTo(launcher.subList(0, launcher.indexOf("-jar")));
  }

  @Test
  void theLauncherRecordsTheClassArchiveWhenItIsMissingAndStartsWithIt() throws Exception {
    List<String> args = launch(Map.of(), RECORDING_JAVA);

    assertThat(dir.resolve(ARCHIVE)).exists();
    assertThat(args).containsSubsequence("-Xms2g", "-XX:SharedArchiveFile=" + ARCHIVE, "-jar");
    assertThat(args).endsWith("-jar", "gateway-server/target/switchboard.jar", "run");
  }

  @Test
  void theLauncherStartsWithoutAClassArchiveWhenTheWarmUpFails() throws Exception {
    List<String> args = launch(Map.of(), RECORDING_JAVA.replace("exit 0", "exit 1"));

    assertThat(dir.resolve(ARCHIVE)).doesNotExist();
    assertThat(args).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
  }

  @Test
  void theLauncherRecordsNoClassArchiveWhenTurnedOff() throws Exception {
    List<String> args = launch(Map.of("SWITCHBOARD_CDS", "off"), RECORDING_JAVA);

    assertThat(dir.resolve(ARCHIVE)).doesNotExist();
    assertThat(args).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
  }

  @Test
  void theBenchStartsAJarThatCannotRecordAnArchiveWithoutOne() throws Exception {
    Path jar = Files.writeString(dir.resolve("not-a-gateway.jar"), "not a jar");

    Path archives = dir.resolve("archives");

    assertThat(ClassArchive.options(jar, List.of("-Xmx64m"), archives)).isEmpty();
    assertThat(ClassArchive.options(jar, List.of("-Xshare:off"), archives)).isEmpty();
  }

  @Test
  void theImageSizesItsInitialHeapAsItsMaximum() throws IOException {
    String javaOpts = Files.readAllLines(ROOT.resolve("Dockerfile")).stream()
        .filter(l -> l.strip().startsWith("JAVA_OPTS=")).findFirst().orElseThrow();

    assertThat(percentage(javaOpts, "InitialRAMPercentage")).isEqualTo(percentage(javaOpts, "MaxRAMPercentage"));
    assertThat(javaOpts).contains(YOUNG_CAP);
  }

  private static final String ARCHIVE = "gateway-server/target/switchboard.jsa";
  private static final String YOUNG_CAP = "-XX:MaxNewSize=256m";
  /** A java that prints its arguments, and writes the archive -XX:ArchiveClassesAtExit names, as the JVM does at exit. */
  private static final String RECORDING_JAVA = """
      #!/bin/sh
      for a in "$@"; do case "$a" in -XX:ArchiveClassesAtExit=*) echo archive > "${a#*=}";; esac; done
      case " $* " in *" warm-up "*) exit 0;; esac
      printf '%s\\n' "$@"
      """;

  private List<String> launch(Map<String, String> env) throws Exception {
    return launch(env, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
  }

  /**
   * Runs a copy of the launcher (next to a jar no source is newer than, so it builds nothing) with {@code java}
   * as the script on the PATH: java's arguments.
   */
  private List<String> launch(Map<String, String> env, String javaScript) throws Exception {
    Path launcher = dir.resolve("switchboard");
    Files.copy(ROOT.resolve("switchboard"), launcher);
    Path jar = Files.createDirectories(dir.resolve("gateway-server/target")).resolve("switchboard.jar");
    Files.writeString(jar, "not run");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, javaScript);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    // The launcher's own notes (recording the archive) go to stderr; java's arguments to stdout.
    Path notes = dir.resolve("launcher.err");
    ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "run").redirectError(notes.toFile());
    pb.environment().remove("JAVA_OPTS");
    pb.environment().putAll(env);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out + Files.readString(notes)).isZero();
    return Stream.of(out.split("\n")).filter(s -> !s.isEmpty()).toList();
  }

  private static String heapSize(List<String> args, String flag) {
    return args.stream().filter(a -> a.startsWith(flag)).reduce((a, b) -> b).orElseThrow().substring(flag.length());
  }

  private static String percentage(String javaOpts, String flag) {
    Matcher m = Pattern.compile("-XX:" + flag + "=(\\S+)").matcher(javaOpts);
    assertThat(m.find()).as(flag + " in " + javaOpts).isTrue();
    return m.group(1);
  }
}
