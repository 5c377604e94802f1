package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One fixture per way a config file can be wrong, each with its exact message and place. */
class ConfigProblemsTest {

  @Test
  void misspeltKeySuggestsTheRightOne() {
    List<ConfigProblem> problems = Fixtures.problems("typo.yaml");
    assertThat(problems).containsExactly(new ConfigProblem("gateway.yaml", 4, 7, "routing.tiers[0].firstResponce",
        "unknown key, did you mean `firstResponse`?"));
    assertThat(problems.get(0)).hasToString(
        "gateway.yaml:4:7: routing.tiers[0].firstResponce: unknown key, did you mean `firstResponse`?");
  }

  @Test
  void unknownKeyFarFromAnyNameListsTheKnownOnes() {
    assertThatThrownBy(() -> ConfigLoader.parse("server:\n  colour: blue\n", "gateway.yaml", Path.of("."), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("invalid configuration, 1 problem:\n  gateway.yaml:2:3: server.colour: unknown key, "
            + "expected one of: port, host, publicUrl, maxBodySize, shutdownTimeout, idleTimeout, "
            + "requestHeaderTimeout, maxConnections, maxConnectionsPerAddress, authTimeout, slowClientTimeout, "
            + "requestBodyTimeout, handlerTimeout, linkSecret");
  }

  @Test
  void handlerTimeoutIsSetInServerAndMustBePositive() throws Exception {
    assertThat(ConfigLoader.parse("server:\n  handlerTimeout: 5s\n", "gateway.yaml", Path.of("."), Map.of())
        .server().handlerTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(ConfigLoader.parse("server: {}\n", "gateway.yaml", Path.of("."), Map.of())
        .server().handlerTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThatThrownBy(() -> ConfigLoader.parse("server:\n  handlerTimeout: 0s\n", "gateway.yaml", Path.of("."),
        Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("gateway.yaml:2:19: server.handlerTimeout: must be greater than zero, got \"0s\"");
  }

  @Test
  void wordWhereANumberBelongsIsAWrongType() {
    assertThat(Fixtures.lines("wrong-type.yaml"))
        .containsExactly("gateway.yaml:2:9: server.port: expected a whole number, got \"eighty\"");
  }

  @Test
  void malformedYamlIsALocatedProblemNotAStackTrace() {
    assertThat(Fixtures.lines("malformed.yaml"))
        .containsExactly("gateway.yaml:3:8: malformed YAML: mapping values are not allowed here");
  }

  @Test
  void unterminatedQuoteIsMalformedYaml() {
    assertThatThrownBy(() -> ConfigLoader.parse("server:\n  host: \"127.0.0.1\n", "gateway.yaml", Path.of("."), Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
            .hasToString("gateway.yaml:3:1: malformed YAML: while scanning a quoted scalar: found unexpected end of stream"));
  }

  @Test
  void missingEnvironmentVariableIsNamed() {
    Map<String, String> env = new HashMap<>(Fixtures.ENV);
    env.remove("TWILIO_AUTH_TOKEN");
    assertThat(Fixtures.problems("missing-secret.yaml", env)).extracting(ConfigProblem::toString).containsExactly(
        "gateway.yaml:4:16: channels.sms.authToken: environment variable TWILIO_AUTH_TOKEN is not set"
            + " (or write ${TWILIO_AUTH_TOKEN:-default})");
  }

  @Test
  void durationWithoutUnitIsRefused() {
    assertThat(Fixtures.lines("bad-duration.yaml")).containsExactly(
        "gateway.yaml:4:40: routing.tiers[1].firstResponse: expected a duration like 5m, got \"fast\"");
  }

  @Test
  void sizeInWordsIsRefused() {
    assertThat(Fixtures.lines("bad-size.yaml")).containsExactly(
        "gateway.yaml:4:21: channels.email.maxMessageSize: expected a size like 64KB or 25MB, got \"25 megabytes\"");
  }

  @Test
  void percentageNeedsItsSignAndAtMostAHundred() {
    assertThat(Fixtures.lines("bad-percent.yaml")).containsExactly(
        "gateway.yaml:3:13: routing.escalation[0].at: expected a percentage like 80%, got \"80\"",
        "gateway.yaml:4:13: routing.escalation[1].at: expected a percentage from 0% to 100%, got \"120%\"");
  }

  @Test
  void ruleNamingAnUnknownTierIsRefused() {
    assertThat(Fixtures.lines("unknown-tier-rule.yaml")).containsExactly(
        "gateway.yaml:6:39: routing.rules[0].tier: unknown tier `vpi`, did you mean `vip`?",
        "gateway.yaml:7:15: routing.rules[1].tier: unknown tier `gold`, tiers are: vip, standard");
  }

  @Test
  void agentServingAnUnknownTierIsRefused() {
    assertThat(Fixtures.lines("unknown-tier-agent.yaml")).containsExactly(
        "gateway.yaml:7:18: agents[0].tiers[1]: unknown tier `platinum`, tiers are: vip");
  }

  @Test
  void tierNamesMustBeUnique() {
    assertThat(Fixtures.lines("duplicate-tier.yaml")).containsExactly(
        "gateway.yaml:4:15: routing.tiers[1].name: duplicate tier name `vip` (also routing.tiers[0])");
  }

  @Test
  void ruleRegexThatDoesNotCompileShowsTheRegexError() {
    assertThat(Fixtures.lines("bad-regex.yaml")).containsExactly(
        "gateway.yaml:3:26: routing.rules[0].when.subject: invalid regular expression: Unclosed group near index 16");
  }

  @Test
  void backwardsDayRangeInOpeningHoursIsRefused() {
    assertThat(Fixtures.lines("bad-schedule.yaml")).containsExactly(
        "gateway.yaml:2:47: routing.businessHours.open: day range runs backwards: \"fri-mon 08:00-18:00\"");
  }

  @Test
  void unknownStrategyListsTheKebabCaseChoices() {
    assertThat(Fixtures.lines("bad-enum.yaml")).containsExactly(
        "gateway.yaml:2:13: routing.strategy: expected one of strict-priority, earliest-deadline, saveable-deadline, got \"round-robin\"");
  }

  @Test
  void aLogFormatOtherThanTextOrJsonIsRefusedAtItsLine() {
    assertThat(Fixtures.lines("bad-log-format.yaml")).containsExactly(
        "gateway.yaml:2:11: logging.format: expected one of text, json, got \"xml\"");
  }

  @Test
  void anAnswerTimeoutOfZeroIsRefused() {
    assertThat(Fixtures.lines("bad-answer-timeout.yaml")).containsExactly(
        "gateway.yaml:2:18: routing.answerTimeout: must be greater than zero, got \"0s\"",
        "gateway.yaml:3:17: routing.offerTimeout: expected a duration like 5m, got \"-5s\"");
  }

  @Test
  void aChatAwayAfterThatIsNotAPositiveDurationIsRefusedAtItsLine() {
    assertThat(Fixtures.lines("bad-away-after.yaml")).containsExactly(
        "gateway.yaml:4:16: channels.chat.awayAfter: must be greater than zero, got \"0s\"");
    assertThat(Fixtures.lines("bad-away-after-unit.yaml")).containsExactly(
        "gateway.yaml:4:16: channels.chat.awayAfter: expected a duration like 5m, got \"soon\"");
  }

  @Test
  void aHolidayThatIsNotADateIsRefused() {
    assertThat(Fixtures.lines("bad-holiday.yaml")).containsExactly(
        "gateway.yaml:6:30: routing.schedules.support.holidays[1]: expected a date like 2026-12-25, got \"christmas\"",
        "gateway.yaml:6:41: routing.schedules.support.holidays[2]: expected a date like 2026-12-25, got \"2026-02-30\"");
  }

  @Test
  void aTierNamingAMissingScheduleIsRefused() {
    assertThat(Fixtures.lines("unknown-schedule.yaml")).containsExactly(
        "gateway.yaml:6:77: routing.tiers[1].businessHours: unknown schedule `suport`, did you mean `support`?",
        "gateway.yaml:7:74: routing.tiers[2].businessHours: unknown schedule `weekend`, schedules are: support");
  }

  @Test
  void aWarningShareOfZeroIsRefused() {
    assertThat(Fixtures.lines("bad-warn-at.yaml")).containsExactly(
        "gateway.yaml:2:11: routing.warnAt: expected a percentage above 0% and below 100%, like 80%, got 0%");
  }

  @Test
  void everyBadRoutingFeatureSettingIsReportedAtOnceWithItsPlace() {
    assertThat(Fixtures.lines("routing-features-all-at-once.yaml")).containsExactly(
        "gateway.yaml:2:13: routing.strategy: expected one of strict-priority, earliest-deadline, saveable-deadline, got \"fastest\"",
        "gateway.yaml:3:18: routing.answerTimeout: must be greater than zero, got \"0s\"",
        "gateway.yaml:4:11: routing.warnAt: expected a percentage above 0% and below 100%, like 80%, got 100%",
        "gateway.yaml:6:77: routing.schedules.support.holidays[0]: expected a date like 2026-12-25, got \"2026-13-01\"",
        "gateway.yaml:8:77: routing.tiers[0].businessHours: unknown schedule `office`, schedules are: support");
  }

  @Test
  void listWhereAMappingBelongsIsAProblemNotACrash() {
    assertThat(Fixtures.lines("list-where-map.yaml")).containsExactly(
        "gateway.yaml:4:15: agents[0].capacity: expected a mapping, got a list",
        "gateway.yaml:5:9: server: expected a mapping, got a list");
  }

  @Test
  void singleValueWhereAListBelongsIsAProblem() {
    assertThatThrownBy(() -> ConfigLoader.parse("channels:\n  sms: { accountSid: AC1, authToken: t, numbers: \"+15550001111\" }\n",
            "gateway.yaml", Path.of("."), Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
            .hasToString("gateway.yaml:2:50: channels.sms.numbers: expected a list, got a single value"));
  }

  @Test
  void missingRequiredKeysAreEachReported() {
    assertThat(Fixtures.lines("missing-required.yaml")).containsExactly(
        "gateway.yaml:3:5: channels.email.address: required key is missing",
        "gateway.yaml:3:11: channels.email.imap.password: required key is missing",
        "gateway.yaml:6:7: routing.tiers[0].nextResponse: required key is missing");
  }

  @Test
  void crossChecksReportEveryBrokenRuleOfTheSchema() {
    assertThat(Fixtures.lines("cross-checks.yaml")).containsExactly(
        "gateway.yaml:1:17: server.port: expected a port from 0 to 65535, got 70000",
        "gateway.yaml:4:13: storage.postgres: set either sqlite or postgres, not both",
        "gateway.yaml:5:19: admin.tokens[0]: admin token is blank",
        "gateway.yaml:7:17: routing.offerTimeout: must be greater than zero, got \"0s\"",
        "gateway.yaml:11:25: routing.rules[0].when.chanel: unknown condition, did you mean `channel`?",
        "gateway.yaml:11:39: routing.rules[0].when.channel: unknown channel \"fax\", expected one of: email, sms, chat",
        "gateway.yaml:11:59: routing.rules[0].when.businessHours: a businessHours condition needs routing.businessHours to be set",
        "gateway.yaml:12:37: routing.escalation[0].promote: expected 0 or more tiers to promote by, got -1",
        "gateway.yaml:14:31: agents[0].tokenSha256: expected the SHA-256 of the agent's token as 64 hex digits, got 6 characters",
        "gateway.yaml:14:59: agents[0].capacity.chat: must be greater than zero, got 0",
        "gateway.yaml:14:67: agents[0].capacity.fax: unknown channel, expected one of: email, sms, chat",
        "gateway.yaml:15:11: agents[1].id: duplicate agent id `alice` (also agents[0])");
  }

  @Test
  void everyProblemOfOneFileComesInOneException() {
    ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(
        () -> Fixtures.parse("many-problems.yaml", Fixtures.ENV));
    List<String> expected = List.of(
        "gateway.yaml:2:3: server.prot: unknown key, did you mean `port`?",
        "gateway.yaml:3:14: server.publicUrl: environment variable PUBLIC_URL is not set (or write ${PUBLIC_URL:-default})",
        "gateway.yaml:5:13: routing.strategy: expected one of strict-priority, earliest-deadline, saveable-deadline, got \"fifo\"",
        "gateway.yaml:7:35: routing.tiers[0].firstResponse: expected a duration like 5m, got \"2 minutes\"",
        "gateway.yaml:9:15: routing.rules[0].tier: unknown tier `gold`, tiers are: vip",
        "gateway.yaml:11:10: channels.email.address: required key is missing",
        "gateway.yaml:11:28: channels.email.maxMessageSize: expected a size like 64KB or 25MB, got \"huge\"");
    assertThat(e.problems()).extracting(ConfigProblem::toString).containsExactlyElementsOf(expected);
    assertThat(e.getMessage()).isEqualTo("invalid configuration, 7 problems:\n  " + String.join("\n  ", expected));
  }

  @Test
  void duplicateKeyIsRefused() {
    assertThat(Fixtures.lines("duplicate-key.yaml"))
        .containsExactly("gateway.yaml:3:3: server.port: duplicate key `port` (first set on line 2)");
  }

  @Test
  void aliasesAreRefusedWithAReason() {
    assertThat(Fixtures.lines("alias.yaml"))
        .containsExactly("gateway.yaml:4:7: YAML aliases (*vip) are not supported; repeat the value instead");
  }

  @Test
  void secondDocumentIsRefused() {
    assertThat(Fixtures.lines("two-documents.yaml"))
        .containsExactly("gateway.yaml:3:1: only one YAML document is allowed, found another one here");
  }

  @Test
  void unreadableFileIsOneClearProblem(@org.junit.jupiter.api.io.TempDir Path dir) {
    Path missing = dir.resolve("gateway.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
            .hasToString(missing + ": cannot read the configuration: the file does not exist"));
  }

  @Test
  void ruleChannelMayListSeveralAndEachIsChecked() {
    String yaml = "routing:\n  rules:\n    - { when: { channel: \"SMS, chat\" }, tier: standard }\n"
        + "    - { when: { channel: \"sms|fax\" }, tier: standard }\n";
    assertThatThrownBy(() -> ConfigLoader.parse(yaml, "gateway.yaml", Path.of("."), Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(ConfigProblem::toString)
            .containsExactly("gateway.yaml:4:26: routing.rules[1].when.channel: unknown channel \"fax\", "
                + "expected one of: email, sms, chat"));
  }

  @Test
  void clusterOnSqliteIsRefusedAtEnabled() {
    assertThat(Fixtures.lines("cluster-on-sqlite.yaml")).containsExactly(
        "gateway.yaml:3:12: cluster.enabled: cluster mode needs storage.postgres: the nodes share one PostgreSQL"
            + " database (SQLite is one node's file)",
        "gateway.yaml:4:11: cluster.nodeId: expected letters, digits, '.', '_' or '-' (at most 100), got \"gw a\"",
        "gateway.yaml:5:17: cluster.advertiseUrl: expected an http or https URL like http://10.0.0.5:8080, got"
            + " \"ftp://10.0.0.5\"");
  }

  @Test
  void postgresConnectionTimeoutDefaultsToFiveSecondsAndMustBePositive() {
    assertThat(ConfigLoader.parse("storage: { postgres: { url: \"jdbc:postgresql://db/sb\" } }\n", "gateway.yaml",
        Path.of("."), Map.of()).storage().postgres().connectionTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(ConfigLoader.parse(
        "storage: { postgres: { url: \"jdbc:postgresql://db/sb\", connectionTimeout: 750ms } }\n", "gateway.yaml",
        Path.of("."), Map.of()).storage().postgres().connectionTimeout()).isEqualTo(java.time.Duration.ofMillis(750));
    assertThatThrownBy(() -> ConfigLoader.parse(
        "storage: { postgres: { url: \"jdbc:postgresql://db/sb\", connectionTimeout: 0s } }\n", "gateway.yaml",
        Path.of("."), Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(ConfigProblem::toString)
            .singleElement().asString().contains("storage.postgres.connectionTimeout", "greater than zero"));
  }

  @Test
  void teamViewIntervalDefaultsToOneSecondAndMustBePositive() {
    assertThat(ConfigLoader.parse("routing: {}\n", "gateway.yaml", Path.of("."), Map.of()).routing().teamViewInterval())
        .isEqualTo(java.time.Duration.ofSeconds(1));
    assertThat(ConfigLoader.parse("routing: { teamViewInterval: 100ms }\n", "gateway.yaml", Path.of("."), Map.of())
        .routing().teamViewInterval()).isEqualTo(java.time.Duration.ofMillis(100));
    assertThatThrownBy(() -> ConfigLoader.parse("routing: { teamViewInterval: 0s }\n", "gateway.yaml", Path.of("."),
        Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(ConfigProblem::toString)
            .singleElement().asString().contains("routing.teamViewInterval", "greater than zero"));
  }

  @Test
  void clusterNeedsANodeIdAndAnAddress() {
    assertThat(ConfigLoader.parse("cluster: { enabled: false }\n", "gateway.yaml", Path.of("."), Map.of()).cluster())
        .isEqualTo(ClusterConfig.disabled());
    assertThatThrownBy(() -> ConfigLoader.parse(
        "storage: { postgres: { url: \"jdbc:postgresql://db/sb\" } }\ncluster: { enabled: true }\n",
        "gateway.yaml", Path.of("."), Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).extracting(ConfigProblem::toString)
            .containsExactly(
                "gateway.yaml:2:10: cluster.nodeId: cluster mode needs a nodeId, unique to each node (like gw-a)",
                "gateway.yaml:2:10: cluster.advertiseUrl: cluster mode needs the URL other nodes reach this one at"
                    + " (like http://10.0.0.5:8080)"));
  }

  @Test
  void clusterSectionBinds() {
    ClusterConfig cluster = Fixtures.parse("cluster-valid.yaml", Fixtures.ENV).cluster();
    assertThat(cluster).isEqualTo(new ClusterConfig(true, "gw-a", java.net.URI.create("http://10.0.0.5:8080"),
        java.time.Duration.ofSeconds(3)));
    assertThat(new ClusterConfig(true, "gw-b", null, null).leaseTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
  }
}
