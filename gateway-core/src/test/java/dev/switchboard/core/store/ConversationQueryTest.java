package dev.switchboard.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.model.Channel;
import dev.switchboard.core.model.ContactId;
import dev.switchboard.core.model.ConversationStatus;
import org.junit.jupiter.api.Test;

class ConversationQueryTest {

  @Test
  void allFiltersNothingAndListsTheNewestHundred() {
    ConversationQuery all = ConversationQuery.all();
    assertThat(all.status()).isEmpty();
    assertThat(all.tier()).isEmpty();
    assertThat(all.contactId()).isEmpty();
    assertThat(all.channel()).isEmpty();
    assertThat(all.tag()).isEmpty();
    assertThat(all.limit()).isEqualTo(100);
  }

  @Test
  void eachStepNarrowsANewQueryAndLeavesTheOneItStartedFrom() {
    ConversationQuery chats = ConversationQuery.all().channel(Channel.CHAT);
    ConversationQuery mine = chats.contact(new ContactId("c1")).status(ConversationStatus.ASSIGNED).tier("vip")
        .tag("billing").limit(50);
    assertThat(chats.contactId()).isEmpty();
    assertThat(chats.limit()).isEqualTo(100);
    assertThat(mine.channel()).contains(Channel.CHAT);
    assertThat(mine.contactId()).contains(new ContactId("c1"));
    assertThat(mine.status()).contains(ConversationStatus.ASSIGNED);
    assertThat(mine.tier()).contains("vip");
    assertThat(mine.tag()).contains("billing");
    assertThat(mine.limit()).isEqualTo(50);
    assertThat(mine).isEqualTo(ConversationQuery.all().limit(50).tag("billing").tier("vip")
        .status(ConversationStatus.ASSIGNED).contact(new ContactId("c1")).channel(Channel.CHAT));
  }

  @Test
  void aLimitOutsideOneToAThousandIsRefused() {
    assertThat(ConversationQuery.all().limit(1000).limit()).isEqualTo(1000);
    assertThatThrownBy(() -> ConversationQuery.all().limit(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit: 0 (expected: 1..1000)");
    assertThatThrownBy(() -> ConversationQuery.all().limit(1001)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit: 1001 (expected: 1..1000)");
  }

  @Test
  void aFilterIsNeverNull() {
    assertThatThrownBy(() -> ConversationQuery.all().channel(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("channel");
  }
}
