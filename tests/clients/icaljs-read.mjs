// Reads an iCalendar file on standard input with ical.js (Thunderbird's parser) and
// prints, as JSON, each event's UID and its start and end as UTC ISO instants.
// VTIMEZONEs are registered first, as Thunderbird does with a subscribed feed, so the
// instants come from the feed's own VTIMEZONE and not from a built-in database.
import ICAL from "ical.js";
import { readFileSync } from "node:fs";

const calendar = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}
const instant = (time) => new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return { uid: event.uid, start: instant(event.startDate), end: instant(event.endDate) };
});
process.stdout.write(JSON.stringify(events));
