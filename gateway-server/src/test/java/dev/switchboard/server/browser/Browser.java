package dev.switchboard.server.browser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from the Debian packages, driven by the system chromedriver. Both paths are given
 * explicitly, so Selenium Manager never runs and nothing is downloaded. Each browser gets a fresh
 * profile directory, removed on close. Tests skip (with the package names) where they are missing.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /**
   * Skips the calling test with a notice when Chromium or chromedriver is not installed, except where
   * {@code SWITCHBOARD_REQUIRE_BROWSER=true} (CI), where a missing browser fails the test instead.
   */
  static void assumeInstalled() {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    String notice = "Browser tests need headless Chromium: apt-get install chromium chromium-driver "
        + "(expects " + CHROMIUM + " and " + CHROMEDRIVER + ")";
    if (!installed && "true".equals(System.getenv("SWITCHBOARD_REQUIRE_BROWSER"))) {
      throw new IllegalStateException(notice + "; SWITCHBOARD_REQUIRE_BROWSER=true forbids skipping");
    }
    assumeTrue(installed, notice);
  }

  static Browser open() throws IOException {
    assumeInstalled();
    Path profile = Files.createTempDirectory("switchboard-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1366, 850));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return new Browser(driver, profile);
  }

  /**
   * Waits up to 15 s. The console re-renders a list on every frame, so an element found in one poll may
   * be gone in the next statement: a stale element means "look again", not a failure.
   */
  WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return wait;
  }

  /** Opens the agent console at {@code consoleUrl}, signs in with {@code token} and waits until it is connected. */
  void signInToConsole(String consoleUrl, String token) {
    driver.get(consoleUrl);
    driver.findElement(By.id("login-token")).sendKeys(token);
    driver.findElement(By.id("login-submit")).click();
    waiting().until(ExpectedConditions.textToBe(
        By.id("connection"), "Connected"));
  }

  /** Sets the signed-in agent available or away with the console's toggle, and waits until it shows. */
  void setAvailable(boolean available) {
    By toggle = By.id("presence-toggle");
    if (!String.valueOf(available).equals(driver.findElement(toggle).getAttribute("aria-pressed"))) {
      driver.findElement(toggle).click();
    }
    waiting().until(ExpectedConditions.attributeToBe(toggle, "aria-pressed",
        String.valueOf(available)));
  }

  /** Saves a PNG of the window under {@code target/} (the module's build folder). */
  Path screenshot(String name) throws IOException {
    Path out = Path.of("target", "screenshots", name + ".png");
    Files.createDirectories(out.getParent());
    Files.write(out, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    return out;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
