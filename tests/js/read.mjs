// Reads an iCalendar file from stdin with Mozilla's ical.js (Thunderbird's reader) and
// prints what it understood as JSON: each event's fields, and for repeating events the
// occurrences (with their exceptions applied) up to the date given as the first argument.
import ICAL from "ical.js";
import { readFileSync } from "node:fs";

// Calendar names are TEXT (RFC 7986 NAME; X-WR-CALNAME by convention): say so, as
// Thunderbird does, or ical.js leaves their escapes in.
for (const name of ["name", "x-wr-calname"]) {
  ICAL.design.icalendar.property[name] = { defaultType: "text" };
}
const until = ICAL.Time.fromDateString(process.argv[2] || "2030-01-01");
const root = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const zone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const byUid = new Map();
for (const component of root.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(component);
  const entry = byUid.get(event.uid);
  if (event.isRecurrenceException()) {
    entry ? entry.relateException(event) : byUid.set(event.uid, event);
  } else {
    if (entry && entry.isRecurrenceException()) event.relateException(entry);
    byUid.set(event.uid, event);
  }
}
const when = (time) => ({
  text: time.toString(),
  utc: time.isDate ? null : time.toUnixTime(),
  isDate: time.isDate,
});
const out = { name: root.getFirstPropertyValue("x-wr-calname"), events: [] };
for (const event of byUid.values()) {
  const item = {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    location: event.location,
    status: event.component.getFirstPropertyValue("status"),
    categories: event.component.getAllProperties("categories").flatMap((p) => p.getValues()),
    start: when(event.startDate),
    recurring: event.isRecurring(),
    alarms: event.component.getAllSubcomponents("valarm").length,
    occurrences: [],
  };
  if (event.isRecurring()) {
    const iterator = event.iterator();
    for (let next = iterator.next(); next && next.compare(until) < 0; next = iterator.next()) {
      const details = event.getOccurrenceDetails(next);
      item.occurrences.push({
        start: when(details.startDate),
        summary: details.item.summary,
        status: details.item.component.getFirstPropertyValue("status"),
      });
    }
  }
  out.events.push(item);
}
process.stdout.write(JSON.stringify(out));
