package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  private final GatewayConfig config = Fixtures.parse("valid-full.yaml", Fixtures.ENV);
  private final Path dir = Fixtures.path("valid-full.yaml").getParent();

  @Test
  void bindsServerStorageAndAdminOfTheDesignOutline() {
    assertThat(config.server().port()).isEqualTo(8080);
    assertThat(config.server().publicUrl()).isEqualTo(URI.create("https://support.example.com"));
    assertThat(config.server().host()).isEqualTo("0.0.0.0");
    assertThat(config.server().maxBodySize()).isEqualTo(DataSize.ofMegabytes(32));
    assertThat(config.storage().usesPostgres()).isFalse();
    assertThat(config.storage().sqlite()).isEqualTo(dir.resolve("data/switchboard.db"));
    assertThat(config.storage().maxBatch()).isEqualTo(256);
    assertThat(config.admin().tokens()).extracting(Secret::reveal).containsExactly(Fixtures.ADMIN_TOKEN);
  }

  @Test
  void bindsTheChannelsWithSecretsFromTheEnvironment() {
    EmailConfig email = config.channels().email();
    assertThat(email.address()).isEqualTo("support@example.com");
    assertThat(email.maxMessageSize()).isEqualTo(DataSize.ofMegabytes(25));
    assertThat(email.maxParts()).isEqualTo(100);
    assertThat(email.imap().host()).isEqualTo("imap.example.com");
    assertThat(email.imap().port()).isEqualTo(993);
    assertThat(email.imap().tls()).isTrue();
    assertThat(email.imap().password().reveal()).isEqualTo(Fixtures.IMAP_PASSWORD);
    assertThat(email.imap().folder()).isEqualTo("INBOX");
    assertThat(email.imap().pollInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(email.imap().processedFolder()).isNull();
    assertThat(email.smtp().port()).isEqualTo(465);
    assertThat(email.smtp().password().reveal()).isEqualTo(Fixtures.SMTP_PASSWORD);

    SmsConfig sms = config.channels().sms();
    assertThat(sms.accountSid()).isEqualTo("AC0123456789abcdef0123456789abcdef");
    assertThat(sms.authToken().reveal()).isEqualTo(Fixtures.TWILIO_TOKEN);
    assertThat(sms.numbers()).containsExactly("+15550001111");
    assertThat(sms.apiBaseUrl()).isEqualTo(URI.create("https://api.twilio.com"));

    ChatConfig chat = config.channels().chat();
    assertThat(chat.allowedOrigins()).containsExactly("https://www.example.com");
    assertThat(chat.maxMessageLength()).isEqualTo(4000);
    assertThat(chat.maxFrameSize()).isEqualTo(DataSize.ofKilobytes(64));
    assertThat(chat.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void bindsTiersRulesAndEscalation() {
    RoutingConfig routing = config.routing();
    assertThat(routing.strategy()).isEqualTo(RoutingConfig.Strategy.EARLIEST_DEADLINE);
    assertThat(routing.offerTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(routing.tiers()).containsExactly(
        new TierConfig("vip", Duration.ofMinutes(2), Duration.ofMinutes(5)),
        new TierConfig("standard", Duration.ofMinutes(15), Duration.ofHours(1)),
        new TierConfig("basic", Duration.ofHours(4), Duration.ofHours(8)));
    assertThat(routing.rules()).containsExactly(
        new RuleConfig(Map.of("contact.plan", "enterprise"), "vip", List.of()),
        new RuleConfig(Map.of("channel", "sms", "text", "(?i)\\b(outage|down|urgent)\\b"), "vip", List.of("incident")),
        new RuleConfig(Map.of(), "standard", List.of()));
    assertThat(routing.escalation()).containsExactly(new EscalationConfig(new Percent(0.8), 1, false));
    assertThat(routing.autoReply().enabled()).isTrue();
    assertThat(routing.autoReply().text()).contains("{expectedWait}");
    assertThat(routing.stickyWindow()).isEqualTo(Duration.ofDays(7));
    assertThat(routing.disconnectGrace()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void bindsBusinessHoursAsAZonedWeeklySchedule() {
    BusinessHoursConfig hours = config.routing().businessHours();
    assertThat(hours.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    ZonedDateTime mondayNoon = ZonedDateTime.of(2026, 11, 23, 12, 0, 0, 0, hours.zone());
    assertThat(mondayNoon.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
    assertThat(hours.open().isOpen(mondayNoon)).isTrue();
    assertThat(hours.open().isOpen(mondayNoon.plusDays(5))).isFalse();
  }

  @Test
  void bindsNamedSchedulesWithHolidaysThatTiersName() {
    GatewayConfig c = ConfigLoader.parse("""
        routing:
          businessHours: { zone: Europe/Berlin, open: "mon-fri 08:00-18:00", holidays: [2026-12-24] }
          schedules:
            support: { zone: Europe/Berlin, open: "mon-fri 08:00-18:00", holidays: [2026-12-25, "2026-12-26"] }
          tiers:
            - { name: standard, firstResponse: 4h, nextResponse: 8h, businessHours: support }
        """, "gateway.yaml", java.nio.file.Path.of("."), Map.of());

    assertThat(c.routing().businessHours().holidays()).containsExactly(java.time.LocalDate.of(2026, 12, 24));
    BusinessHoursConfig support = c.routing().schedules().get("support");
    assertThat(support.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(support.holidays()).containsExactly(java.time.LocalDate.of(2026, 12, 25), java.time.LocalDate.of(2026, 12, 26));
    assertThat(c.routing().tiers()).singleElement().extracting(TierConfig::businessHours).isEqualTo("support");
    assertThat(config.routing().schedules()).isEmpty();
    assertThat(config.routing().tiers()).allSatisfy(t -> assertThat(t.businessHours()).isNull());
  }

  @Test
  void bindsAgentsAndContacts() {
    AgentConfig alice = config.agents().get(0);
    assertThat(alice.id()).isEqualTo("alice");
    assertThat(alice.name()).isEqualTo("Alice");
    assertThat(alice.tokenSha256()).hasSize(64);
    assertThat(alice.tiers()).containsExactly("vip", "standard");
    assertThat(alice.skills()).containsExactly("incident");
    assertThat(alice.capacity()).isEqualTo(Map.of("chat", 3, "sms", 5, "email", 10));
    assertThat(alice.supervisor()).isFalse();
    assertThat(config.contacts().file()).isEqualTo(dir.resolve("contacts.csv"));
  }

  @Test
  void anEmptyFileGivesTheDefaults() {
    GatewayConfig empty = ConfigLoader.parse("", "gateway.yaml", dir, Map.of());
    assertThat(empty.server().port()).isEqualTo(8080);
    assertThat(empty.routing().tiers()).extracting(TierConfig::name).containsExactly("standard");
    assertThat(empty.channels().email()).isNull();
    assertThat(empty.agents()).isEmpty();
  }

  @Test
  void environmentDefaultsFillUnsetAndEmptyVariables() {
    String yaml = "server: { port: \"${PORT:-9090}\", host: \"${HOST:-127.0.0.1}\" }\n"
        + "admin: { tokens: [\"literal $${NOT_A_VAR}\"] }\n";
    GatewayConfig c = ConfigLoader.parse(yaml, "gateway.yaml", dir, Map.of("HOST", ""));
    assertThat(c.server().port()).isEqualTo(9090);
    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.admin().tokens().get(0).reveal()).isEqualTo("literal ${NOT_A_VAR}");
  }

  @Test
  void logsAreTextUnlessJsonIsAsked() {
    assertThat(ConfigLoader.parse("server: { port: 1 }\n", "gateway.yaml", dir, Map.of()).logging().format())
        .isEqualTo(LoggingConfig.Format.TEXT);
    assertThat(ConfigLoader.parse("logging: { format: json }\n", "gateway.yaml", dir, Map.of()).logging().format())
        .isEqualTo(LoggingConfig.Format.JSON);
  }

  @Test
  void kebabCaseEnumsAndAllUnitsBind() {
    String yaml = """
        server: { shutdownTimeout: 500ms, idleTimeout: 1d, maxBodySize: 512B }
        routing:
          strategy: strict-priority
          offerTimeout: 2h
        channels:
          chat: { maxFrameSize: 1GB }
        """;
    GatewayConfig c = ConfigLoader.parse(yaml, "gateway.yaml", dir, Map.of());
    assertThat(c.routing().strategy()).isEqualTo(RoutingConfig.Strategy.STRICT_PRIORITY);
    assertThat(c.routing().offerTimeout()).isEqualTo(Duration.ofHours(2));
    assertThat(c.server().shutdownTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.server().idleTimeout()).isEqualTo(Duration.ofDays(1));
    assertThat(c.server().maxBodySize()).isEqualTo(new DataSize(512));
    assertThat(c.channels().chat().maxFrameSize()).isEqualTo(new DataSize(1L << 30));
  }

  @Test
  void loadResolvesRelativePathsAgainstTheFilesDirectory() {
    GatewayConfig c = ConfigLoader.load(Fixtures.path("valid-full.yaml"), Fixtures.ENV);
    assertThat(c.contacts().file()).isAbsolute().isEqualTo(dir.resolve("contacts.csv"));
  }

  @Test
  void theSampleGatewayYamlOfTheRepositoryIsValid() {
    Path sample = Path.of("..", "gateway.yaml");
    GatewayConfig c = ConfigLoader.load(sample, Map.of());
    assertThat(c.admin().tokens()).extracting(Secret::reveal).containsExactly("dev-admin-token");
    assertThat(c.agents()).extracting(AgentConfig::id).containsExactly("alice", "bob");
  }
}
