package dev.switchboard.core.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.core.model.Identity;
import dev.switchboard.core.model.IdentityKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Contact attributes (plan, region…) from the admin's directory file, keyed by e-mail address or E.164
 * phone number. A CSV file has a header row with an {@code email} and/or {@code phone} column; a YAML
 * file is a list of maps with the same keys. Every other column is an attribute.
 */
public final class ContactDirectory {

  private static final ContactDirectory EMPTY = new ContactDirectory(Map.of());

  private final Map<String, Map<String, String>> byAddress;

  private ContactDirectory(Map<String, Map<String, String>> byAddress) {
    this.byAddress = Map.copyOf(byAddress);
  }

  public static ContactDirectory empty() {
    return EMPTY;
  }

  /** Reads a {@code .csv}, {@code .yaml} or {@code .yml} file; a malformed one throws with the reason. */
  public static ContactDirectory load(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    List<Map<String, String>> rows;
    if (name.endsWith(".csv")) {
      rows = Csv.parse(Files.readString(file, StandardCharsets.UTF_8));
    } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      rows = yamlRows(file);
    } else {
      throw new IOException(file + ": expected a .csv, .yaml or .yml contacts file");
    }
    Map<String, Map<String, String>> byAddress = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      Map<String, String> row = new LinkedHashMap<>(rows.get(i));
      String email = blankToNull(row.remove("email"));
      String phone = blankToNull(row.remove("phone"));
      if (email == null && phone == null) {
        throw new IOException(file + ": entry " + (i + 1) + " has neither email nor phone");
      }
      row.values().removeIf(v -> v == null || v.isEmpty());
      try {
        if (email != null) {
          byAddress.put(key(Identity.email(email)), Map.copyOf(row));
        }
        if (phone != null) {
          byAddress.put(key(Identity.phone(phone)), Map.copyOf(row));
        }
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": entry " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return new ContactDirectory(byAddress);
  }

  /** The attributes for the first of {@code identities} found in the directory, or none. */
  public Map<String, String> attributes(List<Identity> identities) {
    for (Identity id : identities) {
      Map<String, String> a = byAddress.get(key(id));
      if (a != null) {
        return a;
      }
    }
    return Map.of();
  }

  public int size() {
    return byAddress.size();
  }

  private static String key(Identity id) {
    return id.kind() + ":" + id.value();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static List<Map<String, String>> yamlRows(Path file) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    if (root == null || root.isMissingNode() || root.isNull()) {
      return List.of();
    }
    if (!root.isArray()) {
      throw new IOException(file + ": expected a list of contacts");
    }
    List<Map<String, String>> rows = new ArrayList<>();
    for (JsonNode entry : root) {
      if (!entry.isObject()) {
        throw new IOException(file + ": expected each contact to be a map, got " + entry.getNodeType());
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = entry.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getValue().isContainerNode()) {
          throw new IOException(file + ": attribute `" + f.getKey() + "` must be a plain value");
        }
        row.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText());
      }
      rows.add(row);
    }
    return rows;
  }

  /** Enough CSV for a directory: a header row, commas, double-quoted fields with doubled quotes. */
  static final class Csv {

    private Csv() {}

    static List<Map<String, String>> parse(String text) throws IOException {
      List<List<String>> records = records(text);
      if (records.isEmpty()) {
        return List.of();
      }
      List<String> header = records.get(0).stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
      List<Map<String, String>> rows = new ArrayList<>();
      for (int r = 1; r < records.size(); r++) {
        List<String> rec = records.get(r);
        if (rec.size() == 1 && rec.get(0).isBlank()) {
          continue;
        }
        if (rec.size() != header.size()) {
          throw new IOException("line " + (r + 1) + ": " + rec.size() + " fields, the header has " + header.size());
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
          row.put(header.get(c), rec.get(c).strip());
        }
        rows.add(row);
      }
      return rows;
    }

    private static List<List<String>> records(String text) throws IOException {
      List<List<String>> out = new ArrayList<>();
      List<String> rec = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char ch = text.charAt(i);
        if (quoted) {
          if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (ch == '"') {
            quoted = false;
          } else {
            field.append(ch);
          }
        } else if (ch == '"') {
          quoted = true;
        } else if (ch == ',') {
          rec.add(field.toString());
          field.setLength(0);
        } else if (ch == '\n' || ch == '\r') {
          if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
            i++;
          }
          rec.add(field.toString());
          field.setLength(0);
          out.add(rec);
          rec = new ArrayList<>();
        } else {
          field.append(ch);
        }
      }
      if (quoted) {
        throw new IOException("unterminated quoted field");
      }
      if (field.length() > 0 || !rec.isEmpty()) {
        rec.add(field.toString());
        out.add(rec);
      }
      return out;
    }
  }
}
