package dev.switchboard.chat;

import static java.util.Objects.requireNonNull;

import dev.switchboard.core.attachments.AttachmentLinks;
import dev.switchboard.core.model.AttachmentRef;
import dev.switchboard.core.model.Direction;
import dev.switchboard.core.model.Message;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * What a visitor may see of a stored message: the agent's display name (never an agent id), never a note,
 * and each file as a signed link that expires ({@link #LINK_TTL}). The visitor holds no agent token, and a
 * link names one attachment of their own conversation only, so it shows them nothing else; a replayed
 * history signs fresh links.
 */
final class VisitorMessages {

  /** How long a file's link works after the frame carrying it was written. */
  static final Duration LINK_TTL = Duration.ofDays(1);

  private final AttachmentLinks links;
  private final UnaryOperator<String> agentNames;

  VisitorMessages(AttachmentLinks links, UnaryOperator<String> agentNames) {
    this.links = requireNonNull(links, "links");
    this.agentNames = requireNonNull(agentNames, "agentNames");
  }

  ServerFrame.ChatMessage of(Message m) {
    if (m.direction() == Direction.NOTE) {
      throw new IllegalArgumentException("notes are internal and never shown to the visitor");
    }
    boolean out = m.direction() == Direction.OUT;
    return new ServerFrame.ChatMessage(m.id().value(), m.conversationId().value(),
        m.direction().name().toLowerCase(Locale.ROOT), out ? agentNames.apply(m.author()) : null, m.text(),
        m.createdAt(), files(m.attachments()));
  }

  private List<ServerFrame.ChatFile> files(List<AttachmentRef> refs) {
    return refs.stream().filter(a -> a.id() != null)
        .map(a -> new ServerFrame.ChatFile(a.id(), a.filename(), a.contentType(), a.size(),
            links.link(a.id(), LINK_TTL).toString()))
        .toList();
  }
}
