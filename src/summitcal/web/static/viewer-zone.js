// Adds a column with each event in the viewer's own time zone, from the instants the
// server wrote into data-start and data-end. Without scripts the page is complete
// without it: the column stays hidden.
(function () {
  "use strict";
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) return;
  var day = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone, weekday: "short", day: "numeric", month: "short", year: "numeric",
  });
  var shortDay = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone, weekday: "short", day: "numeric", month: "short",
  });
  var clock = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  });
  document.querySelectorAll(".viewer-zone").forEach(function (cell) {
    cell.textContent = zone;
  });
  document.querySelectorAll(".viewer").forEach(function (cell) {
    cell.hidden = false;
    if (!cell.dataset.start) return;
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
