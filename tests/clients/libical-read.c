/* Reads iCalendar files with libical (the parser of Evolution and other GNOME/KDE
 * programs) and prints, as JSON, each event's UID, its start and end, its SEQUENCE, its
 * STATUS and its TRANSP. A start or end is a Unix time, or, where libical reads a DATE
 * (icaltime_is_date, as Evolution shows an all-day event), the date alone ("2024-11-14").
 *
 * Zones come from the file's own VTIMEZONE components (icalcomponent_get_timezone),
 * never from libical's built-in database, so the result shows how a client that trusts
 * the feed reads it.
 *
 * With no arguments it reads standard input and prints a list; with file arguments it
 * prints an object from each file name to its list. Exit status 2 on a file libical
 * cannot parse, a TZID without its VTIMEZONE, or a floating time.
 */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>

static char *read_all(FILE *in) {
    size_t size = 0, capacity = 1 << 16, count;
    char *buffer = malloc(capacity);
    while ((count = fread(buffer + size, 1, capacity - size - 1, in)) > 0) {
        size += count;
        if (capacity - size < 2) {
            capacity *= 2;
            buffer = realloc(buffer, capacity);
        }
    }
    buffer[size] = '\0';
    return buffer;
}

/* Prints the property's time as JSON: a DATE as "YYYY-MM-DD", a DATE-TIME as a Unix time. */
static void print_time(icalcomponent *calendar, icalcomponent *event, icalproperty_kind kind) {
    icalproperty *property = icalcomponent_get_first_property(event, kind);
    if (!property) {
        fprintf(stderr, "event %s has no %s\n", icalcomponent_get_uid(event),
                icalproperty_kind_to_string(kind));
        exit(2);
    }
    struct icaltimetype time = icalvalue_get_datetime(icalproperty_get_value(property));
    if (icaltime_is_date(time)) {
        printf("\"%04d-%02d-%02d\"", time.year, time.month, time.day);
        return;
    }
    icalparameter *tzid = icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER);
    icaltimezone *zone;
    if (tzid) {
        zone = icalcomponent_get_timezone(calendar, icalparameter_get_tzid(tzid));
        if (!zone) {
            fprintf(stderr, "no VTIMEZONE for TZID %s\n", icalparameter_get_tzid(tzid));
            exit(2);
        }
    } else if (icaltime_is_utc(time)) {
        zone = icaltimezone_get_utc_timezone();
    } else {
        fprintf(stderr, "floating time in event %s\n", icalcomponent_get_uid(event));
        exit(2);
    }
    printf("%lld", (long long)icaltime_as_timet_with_zone(time, zone));
}

/* A property's value as a JSON string, "" when the event has none. */
static const char *text_of(icalcomponent *event, icalproperty_kind kind) {
    icalproperty *property = icalcomponent_get_first_property(event, kind);
    return property ? icalproperty_get_value_as_string(property) : "";
}

static void print_events(const char *text) {
    icalcomponent *calendar = icalparser_parse_string(text);
    if (!calendar) {
        fprintf(stderr, "libical cannot parse it: %s\n", icalerror_strerror(icalerrno));
        exit(2);
    }
    /* Evolution checks a calendar against RFC 5546's restrictions (an ORGANIZER in every
       event of a METHOD:PUBLISH, say) and drops what fails: so does this reader. */
    if (!icalrestriction_check(calendar)) {
        for (icalcomponent *part = icalcomponent_get_first_component(calendar, ICAL_ANY_COMPONENT);
             part; part = icalcomponent_get_next_component(calendar, ICAL_ANY_COMPONENT)) {
            icalproperty *error = icalcomponent_get_first_property(part, ICAL_XLICERROR_PROPERTY);
            if (error) {
                fprintf(stderr, "libical's restriction check: %s: %s\n",
                        icalcomponent_kind_to_string(icalcomponent_isa(part)),
                        icalproperty_get_xlicerror(error));
                exit(2);
            }
        }
        fprintf(stderr, "libical's restriction check failed\n");
        exit(2);
    }
    printf("[");
    int first = 1;
    for (icalcomponent *event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
         event; event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
        printf("%s{\"uid\":\"%s\",\"start\":", first ? "" : ",", icalcomponent_get_uid(event));
        print_time(calendar, event, ICAL_DTSTART_PROPERTY);
        printf(",\"end\":");
        print_time(calendar, event, ICAL_DTEND_PROPERTY);
        printf(",\"sequence\":%d,\"status\":\"%s\",\"transp\":\"%s\"}",
               icalcomponent_get_sequence(event), text_of(event, ICAL_STATUS_PROPERTY),
               text_of(event, ICAL_TRANSP_PROPERTY));
        first = 0;
    }
    printf("]");
    icalcomponent_free(calendar);
}

int main(int argc, char **argv) {
    if (argc == 1) {
        char *text = read_all(stdin);
        print_events(text);
        free(text);
        printf("\n");
        return 0;
    }
    printf("{");
    for (int i = 1; i < argc; i++) {
        FILE *file = fopen(argv[i], "rb");
        if (!file) {
            perror(argv[i]);
            return 2;
        }
        char *text = read_all(file);
        fclose(file);
        printf("%s\"%s\":", i > 1 ? "," : "", argv[i]);
        print_events(text);
        free(text);
    }
    printf("}\n");
    return 0;
}
