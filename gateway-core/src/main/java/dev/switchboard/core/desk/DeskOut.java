package dev.switchboard.core.desk;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where a command's answer goes: the desk that sent it (not kept for resume), or an {@code error} frame to it. */
interface DeskOut {

  void frame(ObjectNode frame);

  void error(String code, String message);
}
