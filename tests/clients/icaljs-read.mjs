// Reads iCalendar files with ical.js (Thunderbird's parser) and prints, as JSON, each
// event's UID, its start and end, its SEQUENCE, its STATUS and its TRANSP.
//
// A start or end is a UTC ISO instant ("2024-11-17T15:50:00Z"), or, where ical.js reads
// a DATE (its Time's isDate, as Thunderbird shows an all-day event), the date alone
// ("2024-11-14").
//
// Each file's VTIMEZONEs are registered first, as Thunderbird does with a subscribed
// feed, so the instants come from the feed's own VTIMEZONE and not from a built-in
// database. With no arguments it reads standard input and prints a list; with file
// arguments it prints an object from each file name to its list.
import ICAL from "ical.js";
import { readFileSync } from "node:fs";

const instant = (time) => new Date(time.toUnixTime() * 1000).toISOString().replace(".000Z", "Z");
const pad = (number, width) => String(number).padStart(width, "0");
const when = (time) =>
  time.isDate ? `${pad(time.year, 4)}-${pad(time.month, 2)}-${pad(time.day, 2)}` : instant(time);

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
      start: when(event.startDate),
      end: when(event.endDate),
      sequence: event.sequence,
      status: vevent.getFirstPropertyValue("status") ?? "",
      transp: vevent.getFirstPropertyValue("transp") ?? "",
    };
  });
}

const files = process.argv.slice(2);
const result = files.length
  ? Object.fromEntries(files.map((file) => [file, read(readFileSync(file, "utf8"))]))
  : read(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(result));
