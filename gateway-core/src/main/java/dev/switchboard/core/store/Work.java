package dev.switchboard.core.store;

import java.sql.Connection;
import java.sql.SQLException;

/** One unit of database work, run inside a transaction (writes) or on a reader connection (reads). */
@FunctionalInterface
interface Work<T> {

  T run(Connection connection) throws SQLException;
}
