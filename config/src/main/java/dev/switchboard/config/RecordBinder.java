package dev.switchboard.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds a {@link YamlNode} tree to records by reflection over their components, so a field added to
 * a record needs no change here. A key the file leaves out is passed as {@code null} (the record's
 * compact constructor fills the default); a value that cannot be bound is reported and also passed as
 * {@code null}, so binding goes on and every problem in the file is found in one pass.
 *
 * <p>An {@link IllegalArgumentException} from a compact constructor becomes a located problem; when
 * its message starts with a component name ({@code "port: 70000 (expected: 0..65535)"}) it is placed
 * at that key.
 */
final class RecordBinder {

  private final Diagnostics diagnostics;
  private final EnvInterpolation env;
  private final Path baseDir;

  RecordBinder(Diagnostics diagnostics, EnvInterpolation env, Path baseDir) {
    this.diagnostics = diagnostics;
    this.env = env;
    this.baseDir = baseDir;
  }

  /** The bound value, or {@code null} when absent or not bindable (then a problem was reported). */
  Object bind(YamlNode node, Type type, String path) {
    return bind(node, type, path, false);
  }

  private Object bind(YamlNode node, Type type, String path, boolean positive) {
    diagnostics.written(path, node.mark());
    if (node instanceof YamlNode.Scalar s && s.isNull()) {
      return null;
    }
    Class<?> raw = rawClass(type);
    if (Scalars.supports(raw)) {
      return bindScalar(node, raw, path, positive);
    }
    if (raw == List.class) {
      return bindList(node, typeArgument(type, 0), path);
    }
    if (raw == Map.class) {
      if (typeArgument(type, 0) != String.class) {
        throw new IllegalStateException("config maps must have String keys: " + type);
      }
      return bindMap(node, typeArgument(type, 1), path);
    }
    if (raw.isRecord()) {
      return bindRecord(node, raw, path);
    }
    throw new IllegalStateException("no config binding for " + type + " at " + path);
  }

  private Object bindScalar(YamlNode node, Class<?> type, String path, boolean positive) {
    if (!(node instanceof YamlNode.Scalar s)) {
      diagnostics.report(node.mark(), path, "expected " + Scalars.expected(type) + ", got " + node.describe());
      return null;
    }
    EnvInterpolation.Result resolved = env.resolve(s.text());
    if (!resolved.problems().isEmpty()) {
      resolved.problems().forEach(p -> diagnostics.report(s.mark(), path, p));
      return null;
    }
    String shown = resolved.substituted() ? s.text() : resolved.value();
    Object value;
    try {
      value = Scalars.convert(type, resolved.value(), shown, baseDir);
    } catch (IllegalArgumentException e) {
      diagnostics.report(s.mark(), path, e.getMessage());
      return null;
    }
    if (positive && !Scalars.isPositive(value)) {
      diagnostics.report(s.mark(), path, "must be greater than zero, got \"" + shown + "\"");
      return null;
    }
    if (value instanceof Record) {
      diagnostics.bound(value, path);   // Secret and friends: lets checks name the key later
    }
    return value;
  }

  private List<Object> bindList(YamlNode node, Type elementType, String path) {
    if (!(node instanceof YamlNode.Sequence seq)) {
      diagnostics.report(node.mark(), path, "expected a list, got " + node.describe());
      return null;
    }
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < seq.items().size(); i++) {
      YamlNode item = seq.items().get(i);
      String itemPath = ConfigPath.index(path, i);
      if (item instanceof YamlNode.Scalar s && s.isNull()) {
        diagnostics.report(item.mark(), itemPath, "empty list entry");
        continue;
      }
      Object value = bind(item, elementType, itemPath);
      if (value != null) {
        out.add(value);
      }
    }
    return out;
  }

  private Map<String, Object> bindMap(YamlNode node, Type valueType, String path) {
    if (!(node instanceof YamlNode.Mapping mapping)) {
      diagnostics.report(node.mark(), path, "expected a mapping, got " + node.describe());
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (YamlNode.Entry entry : mapping.entries().values()) {
      String entryPath = ConfigPath.key(path, entry.key());
      if (entry.value() instanceof YamlNode.Scalar s && s.isNull()) {
        diagnostics.report(entry.value().mark(), entryPath, "has no value");
        continue;
      }
      Object value = bind(entry.value(), valueType, entryPath);
      if (value != null) {
        out.put(entry.key(), value);
      }
    }
    return out;
  }

  private Object bindRecord(YamlNode node, Class<?> type, String path) {
    if (!(node instanceof YamlNode.Mapping mapping)) {
      diagnostics.report(node.mark(), path, "expected a mapping, got " + node.describe());
      return null;
    }
    RecordComponent[] components = type.getRecordComponents();
    List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
    Set<String> misspelt = new HashSet<>();
    for (YamlNode.Entry entry : mapping.entries().values()) {
      if (!names.contains(entry.key())) {
        diagnostics.report(entry.keyMark(), ConfigPath.key(path, entry.key()),
            "unknown key, " + Spelling.hint(entry.key(), names));
        Spelling.closest(entry.key(), names).ifPresent(misspelt::add);
      }
    }
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      String componentPath = ConfigPath.key(path, component.getName());
      YamlNode.Entry entry = mapping.entries().get(component.getName());
      boolean absent = entry == null || entry.value() instanceof YamlNode.Scalar s && s.isNull();
      if (absent) {
        // A misspelt required key is already reported with its "did you mean"; once is enough.
        if (component.isAnnotationPresent(Required.class) && !misspelt.contains(component.getName())) {
          diagnostics.report(entry == null ? mapping.mark() : entry.value().mark(), componentPath,
              "required key is missing");
        }
        continue;
      }
      args[i] = bind(entry.value(), component.getGenericType(), componentPath,
          component.isAnnotationPresent(Positive.class));
    }
    return construct(type, components, args, path);
  }

  private Object construct(Class<?> type, RecordComponent[] components, Object[] args, String path) {
    try {
      Constructor<?> constructor = type.getDeclaredConstructor(
          Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      constructor.setAccessible(true);
      Object record = constructor.newInstance(args);
      diagnostics.bound(record, path);
      return record;
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (!(cause instanceof IllegalArgumentException) && !(cause instanceof NullPointerException)) {
        throw new IllegalStateException("cannot build " + type.getSimpleName() + " at " + path, cause);
      }
      reportRejected(components, path, cause);
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getSimpleName() + " at " + path, e);
    }
  }

  private void reportRejected(RecordComponent[] components, String path, Throwable cause) {
    String message = cause.getMessage() == null ? "invalid value (" + cause.getClass().getSimpleName() + ")" : cause.getMessage();
    for (RecordComponent c : components) {
      String name = c.getName();
      if (cause instanceof NullPointerException && message.equals(name)) {
        diagnostics.report(ConfigPath.key(path, name), "required key is missing");
        return;
      }
      if (message.startsWith(name + ": ")) {
        diagnostics.report(ConfigPath.key(path, name), message.substring(name.length() + 2));
        return;
      }
    }
    diagnostics.report(path, message);
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    throw new IllegalStateException("no config binding for " + type);
  }

  private static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType p) {
      return p.getActualTypeArguments()[index];
    }
    throw new IllegalStateException("raw collection type in config record: " + type);
  }
}
