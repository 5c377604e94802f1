package dev.switchboard.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.chat.ChatChannelAdapter;
import dev.switchboard.core.http.StaticResource;
import dev.switchboard.core.testing.GatewayExtension;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console's pure modules (frame reducers, state changes, formatting, canned-reply matching) and the chat
 * widget's (place in line, sizes, backoff) tested in headless Chromium: a test page under {@code /agent/test/}
 * imports them from the mounted console and from {@code /chat/widget/} as the pages do, runs the tests of
 * {@code src/test/resources/console-test}, and each becomes a JUnit test
 * here, so a failing reducer test fails the build.
 */
class ConsoleModulesBrowserTest {

  static final List<String> TEST_FILES = List.of("index.html", "errors.js", "harness.js", "run.js",
      "frames.test.js", "state.test.js", "canned-replies.test.js", "format.test.js", "follow-ups.test.js",
      "search.test.js", "team.test.js", "attachments.test.js", "incidents.test.js", "widget.test.js");

  @RegisterExtension
  static final ConsoleGatewayExtension gateway = ConsoleGatewayExtension.of(GatewayExtension.yaml(
      ConsoleGatewayExtension.STANDARD_ROUTING + """
      channels:
        chat: {}
      agents: []
      """).adapters(new ChatChannelAdapter()), r -> StaticResource.mountAll(r, ConsoleModulesBrowserTest.class,
          "/agent/test/", "console-test", TEST_FILES.toArray(String[]::new)));

  @TestFactory
  Stream<DynamicTest> consoleModuleTestsPassInChromium() throws Exception {
    List<Map<String, Object>> results;
    try (Browser browser = Browser.open()) {
      browser.driver.get("http://localhost:" + gateway.port() + "/agent/test/");
      browser.waiting().until(d -> !errors(browser).isEmpty() || results(browser) != null);
      assertThat(errors(browser)).as("errors loading the test modules").isEmpty();
      results = results(browser);
    }
    assertThat(results).as("tests run").hasSizeGreaterThan(20);
    return results.stream().map(r -> DynamicTest.dynamicTest(String.valueOf(r.get("name")),
        () -> assertThat((Boolean) r.get("passed")).as("%s", r.get("message")).isTrue()));
  }

  @SuppressWarnings("unchecked")
  static List<String> errors(Browser browser) {
    return (List<String>) browser.driver.executeScript("return window.consoleTestErrors || [];");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> results(Browser browser) {
    return (List<Map<String, Object>>) browser.driver.executeScript("return window.consoleTestResults || null;");
  }
}
