package dev.switchboard.sms;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A webhook form's fields, read-only, in the order sent: one array of names and values, not a hash map.
 * Twilio sends twenty-odd short fields and the handlers ask for a handful by name, so a scan of the names
 * (their hashes first) costs less than the map's table and one entry object per field, allocated for
 * every webhook on the event loop: about a tenth of a webhook's garbage (performance.md).
 */
final class FormFields extends AbstractMap<String, String> {

  /** Name, value, name, value…: one array for the lot. */
  private String[] pairs;
  private int size;

  FormFields(int expected) {
    pairs = new String[2 * Math.max(expected, 4)];
  }

  /** Adds a field; false (and nothing added) when a field of that name is there already. */
  boolean addIfAbsent(String name, String value) {
    if (indexOf(name) >= 0) {
      return false;
    }
    if (2 * size == pairs.length) {
      pairs = Arrays.copyOf(pairs, 2 * pairs.length);
    }
    pairs[2 * size] = name;
    pairs[2 * size + 1] = value;
    size++;
    return true;
  }

  /** The field's place, or -1. A String keeps its hash once computed, so most names differ at that test. */
  private int indexOf(Object name) {
    if (!(name instanceof String s)) {
      return -1;
    }
    int hash = s.hashCode();
    for (int i = 0; i < size; i++) {
      String n = pairs[2 * i];
      if (n.hashCode() == hash && n.equals(s)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String get(Object name) {
    int i = indexOf(name);
    return i < 0 ? null : pairs[2 * i + 1];
  }

  @Override
  public boolean containsKey(Object name) {
    return indexOf(name) >= 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Map.Entry<String, String> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new AbstractMap.SimpleImmutableEntry<>(pairs[2 * i], pairs[2 * i + 1]);
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }
}
