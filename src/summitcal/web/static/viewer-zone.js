// Adds a column with each event in the viewer's own time zone, from the instants the
// server wrote into data-start and data-end (the same instants whichever clock the
// event is timed in, so a trip's Lima and Rio events need nothing special). Whole days
// are dates, the same on every clock: their banner is widened over the new column.
// Without scripts the page is complete without it: the column stays hidden.
(function () {
  "use strict";
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) return;
  // The page's language (English as the house style writes it: "Mon 18 Nov 2024").
  var lang = document.documentElement.lang || "en";
  var locale = lang === "en" ? "en-GB" : lang;
  var yourTime = document.body.dataset.yourTime || "Your time";
  var day = new Intl.DateTimeFormat(locale, {
    timeZone: zone, weekday: "short", day: "numeric", month: "short", year: "numeric",
  });
  var shortDay = new Intl.DateTimeFormat(locale, {
    timeZone: zone, weekday: "short", day: "numeric", month: "short",
  });
  var clock = new Intl.DateTimeFormat(locale, {
    timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  });
  var place = zone.split("/").pop().replace(/_/g, " ");

  // "UTC+01:00" at an instant, as the server writes offsets; "" where Intl cannot say.
  function offset(moment) {
    try {
      var parts = new Intl.DateTimeFormat("en-GB", {
        timeZone: zone, timeZoneName: "longOffset",
      }).formatToParts(moment);
      var name = parts.filter(function (part) { return part.type === "timeZoneName"; });
      if (!name.length) return "";
      var text = name[0].value.replace(/^GMT/, "UTC");
      return text === "UTC" ? "UTC+00:00" : text;
    } catch (error) {
      return "";
    }
  }

  document.querySelectorAll(".viewer-zone").forEach(function (cell) {
    cell.textContent = zone;
  });
  var first = document.querySelector(".viewer[data-start]");
  var at = first ? new Date(first.dataset.start) : new Date();
  document.querySelectorAll(".viewer-offset").forEach(function (cell) {
    var text = offset(at);
    cell.textContent = text ? ", " + text : "";
  });
  document.querySelectorAll("td.dates[colspan]").forEach(function (cell) {
    cell.colSpan += 1;
  });
  document.querySelectorAll(".viewer").forEach(function (cell) {
    cell.hidden = false;
    if (!cell.dataset.start) return;
    cell.dataset.label = yourTime + " · " + place;
    var start = new Date(cell.dataset.start);
    var end = new Date(cell.dataset.end);
    // An end on another date keeps its date, as in the other columns.
    var until = clock.format(end);
    if (day.format(end) !== day.format(start)) {
      until = shortDay.format(end).replace(/,/g, "") + " " + until;
    }
    cell.textContent = day.format(start).replace(/,/g, "") + ", " + clock.format(start) +
      "–" + until;
  });
})();
