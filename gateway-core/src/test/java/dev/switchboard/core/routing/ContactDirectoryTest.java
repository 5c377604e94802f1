package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.model.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactDirectoryTest {

  @TempDir
  Path dir;

  @Test
  void csvAttributesAreFoundByEmailOrPhone() throws IOException {
    Path file = Files.writeString(dir.resolve("contacts.csv"), """
        email,phone,plan,region
        Ada@Example.com,+15551234567,enterprise,eu
        "bob@example.com",,"free, for now",us
        """);

    ContactDirectory d = ContactDirectory.load(file);

    assertThat(d.attributes(List.of(Identity.email("ada@example.com")))).isEqualTo(Map.of("plan", "enterprise", "region", "eu"));
    assertThat(d.attributes(List.of(Identity.phone("+15551234567")))).containsEntry("plan", "enterprise");
    assertThat(d.attributes(List.of(Identity.chatVisitor("v1"), Identity.email("bob@example.com"))))
        .containsEntry("plan", "free, for now");
    assertThat(d.attributes(List.of(Identity.email("nobody@example.com")))).isEmpty();
  }

  @Test
  void yamlListOfContactsIsRead() throws IOException {
    Path file = Files.writeString(dir.resolve("contacts.yaml"), """
        - { email: ada@example.com, plan: enterprise }
        - { phone: "+15550001111", plan: pro, seats: 12 }
        """);

    ContactDirectory d = ContactDirectory.load(file);

    assertThat(d.attributes(List.of(Identity.phone("+15550001111")))).isEqualTo(Map.of("plan", "pro", "seats", "12"));
  }

  @Test
  void malformedFilesAreRefusedWithTheReason() throws IOException {
    Path ragged = Files.writeString(dir.resolve("ragged.csv"), "email,plan\nada@example.com\n");
    Path noKey = Files.writeString(dir.resolve("nokey.csv"), "name,plan\nAda,pro\n");
    Path badPhone = Files.writeString(dir.resolve("phone.yaml"), "- { phone: 555-1234, plan: pro }\n");

    assertThatThrownBy(() -> ContactDirectory.load(ragged)).hasMessageContaining("line 2: 1 fields, the header has 2");
    assertThatThrownBy(() -> ContactDirectory.load(noKey)).hasMessageContaining("neither email nor phone");
    assertThatThrownBy(() -> ContactDirectory.load(badPhone)).hasMessageContaining("E.164");
  }
}
