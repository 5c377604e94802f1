package dev.switchboard.core.admin;

import dev.switchboard.core.report.StaffingHour;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The staffing report's 168 hours as JSON objects, or as CSV columns (one per channel and per tier seen). */
final class StaffingTable {

  private StaffingTable() {}

  static List<Map<String, Object>> json(List<StaffingHour> hours) {
    List<Map<String, Object>> out = new ArrayList<>(hours.size());
    for (StaffingHour h : hours) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("hourOfWeek", h.hourOfWeek());
      o.put("day", day(h));
      o.put("hour", h.hour());
      o.put("arrivalsByChannel", h.arrivalsByChannel());
      o.put("arrivalsByTier", h.arrivalsByTier());
      o.put("meanHandleSeconds", h.meanHandle() == null ? null : h.meanHandle().toMillis() / 1000.0);
      o.put("agentsNeeded", h.agentsNeeded());
      o.put("agentsNeededTotal", h.agentsNeededTotal());
      o.put("agentsPresent", h.agentsPresent());
      out.add(o);
    }
    return out;
  }

  /** A table with a column per channel and tier that occurs, and per configured tier's need. */
  static ReportTable<StaffingHour> of(List<StaffingHour> hours, Collection<String> tiers) {
    TreeSet<String> channels = new TreeSet<>();
    TreeSet<String> arrivalTiers = new TreeSet<>();
    for (StaffingHour h : hours) {
      channels.addAll(h.arrivalsByChannel().keySet());
      arrivalTiers.addAll(h.arrivalsByTier().keySet());
    }
    ReportTable<StaffingHour> table = new ReportTable<StaffingHour>()
        .column("hourOfWeek", StaffingHour::hourOfWeek)
        .column("day", StaffingTable::day)
        .column("hour", StaffingHour::hour);
    for (String c : channels) {
      table.column("arrivals_" + c, h -> h.arrivalsByChannel().getOrDefault(c, 0.0));
    }
    for (String t : arrivalTiers) {
      table.column("arrivals_" + t, h -> h.arrivalsByTier().getOrDefault(t, 0.0));
    }
    table.seconds("meanHandleSeconds", StaffingHour::meanHandle);
    for (String t : tiers) {
      table.column("needed_" + t, h -> h.agentsNeeded().get(t));
    }
    return table.column("neededTotal", StaffingHour::agentsNeededTotal)
        .column("present", StaffingHour::agentsPresent);
  }

  private static Object day(StaffingHour h) {
    return h.day().name().substring(0, 3).toLowerCase(Locale.ROOT);
  }
}
