package dev.switchboard.config;

import java.nio.file.Path;

/** The contact directory: a CSV or YAML file of attributes keyed by e-mail address or phone number. */
public record ContactsConfig(Path file) {}
