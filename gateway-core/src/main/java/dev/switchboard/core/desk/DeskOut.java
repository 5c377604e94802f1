package dev.switchboard.core.desk;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where a command's answer goes: the desk that sent it (not kept for resume), or an {@code error} frame to it. */
interface DeskOut {

  void frame(ObjectNode frame);

  /** An {@code error} frame naming {@code clientId} (or none, when null): the desk knows which of its frames failed. */
  void error(String code, String message, String clientId);

  default void error(String code, String message) {
    error(code, message, null);
  }
}
