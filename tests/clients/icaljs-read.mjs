// Reads iCalendar files with ical.js (Thunderbird's parser) and prints, as JSON, each
// event's UID, its start and end as UTC ISO instants, its SEQUENCE and its STATUS.
//
// Each file's VTIMEZONEs are registered first, as Thunderbird does with a subscribed
// feed, so the instants come from the feed's own VTIMEZONE and not from a built-in
// database. With no arguments it reads standard input and prints a list; with file
// arguments it prints an object from each file name to its list.
import ICAL from "ical.js";
import { readFileSync } from "node:fs";

const instant = (time) => new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");

function read(text) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  ICAL.TimezoneService.reset();
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
  }
  return calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      start: instant(event.startDate),
      end: instant(event.endDate),
      sequence: event.sequence,
      status: vevent.getFirstPropertyValue("status") ?? "",
    };
  });
}

const files = process.argv.slice(2);
const result = files.length
  ? Object.fromEntries(files.map((file) => [file, read(readFileSync(file, "utf8"))]))
  : read(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(result));
