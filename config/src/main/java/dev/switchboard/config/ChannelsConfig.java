package dev.switchboard.config;

/** The inbound channels; a {@code null} section means the channel is disabled. */
public record ChannelsConfig(EmailConfig email, SmsConfig sms, ChatConfig chat) {}
