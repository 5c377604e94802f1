package dev.switchboard.core.attachments;

import static java.util.Objects.requireNonNull;

import dev.switchboard.config.AttachmentTypes;
import dev.switchboard.config.ChannelsConfig;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.model.Channel;
import java.util.List;
import java.util.function.Supplier;

/**
 * Each channel's limits on attached files, read from the live config ({@code channels.<channel>.maxAttachmentSize}
 * and {@code attachmentTypes}); a reload takes effect with the next upload.
 */
public final class AttachmentRules {

  /** One channel's limits, and the config keys that set them (named in refusals). */
  public record Limits(Channel channel, long maxBytes, List<String> types) {
    public Limits {
      requireNonNull(channel, "channel");
      types = List.copyOf(types);
    }

    public String sizeKey() {
      return "channels." + channel.key() + ".maxAttachmentSize";
    }

    public String typesKey() {
      return "channels." + channel.key() + ".attachmentTypes";
    }

    public boolean allows(String contentType) {
      return AttachmentTypes.allows(types, contentType);
    }
  }

  /** For a channel whose section is absent: nothing goes out on it anyway, the usual defaults apply. */
  private static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;

  private final Supplier<GatewayConfig> config;

  public AttachmentRules(Supplier<GatewayConfig> config) {
    this.config = requireNonNull(config, "config");
  }

  public Limits of(Channel channel) {
    ChannelsConfig c = config.get().channels();
    return switch (channel) {
      case EMAIL -> c.email() == null ? defaults(channel)
          : new Limits(channel, c.email().maxAttachmentSize().bytes(), c.email().attachmentTypes());
      case SMS -> c.sms() == null ? new Limits(channel, 5L * 1024 * 1024, AttachmentTypes.MMS)
          : new Limits(channel, c.sms().maxAttachmentSize().bytes(), c.sms().attachmentTypes());
      case CHAT -> c.chat() == null ? defaults(channel)
          : new Limits(channel, c.chat().maxAttachmentSize().bytes(), c.chat().attachmentTypes());
    };
  }

  /**
   * The largest limit of any configured channel (of any channel when none is): what an upload can be
   * checked against before its conversation, and so its channel, is read.
   */
  public long largestMaxBytes() {
    ChannelsConfig c = config.get().channels();
    long max = 0;
    for (Channel ch : Channel.values()) {
      boolean configured = switch (ch) {
        case EMAIL -> c.email() != null;
        case SMS -> c.sms() != null;
        case CHAT -> c.chat() != null;
      };
      if (configured) {
        max = Math.max(max, of(ch).maxBytes());
      }
    }
    return max > 0 ? max : DEFAULT_MAX_BYTES;
  }

  private static Limits defaults(Channel channel) {
    return new Limits(channel, DEFAULT_MAX_BYTES, AttachmentTypes.DOCUMENTS);
  }
}
