package io.vellum.engine.query.internal.execution;

import com.amazon.ion.IonException;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonTimestamp;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;

/**
 * UTCNOW, TO_STRING, TO_TIMESTAMP, DATE_ADD, DATE_DIFF and EXTRACT over Ion timestamps. Format patterns are Java
 * {@link DateTimeFormatter} patterns in English, which agree with QLDB's timestamp format strings for its letters
 * (y yy yyyy M MM MMM MMMM d dd a h hh H HH m mm s ss S SS SSS X XX XXX x xx xxx); TO_TIMESTAMP reads month names
 * and AM/PM in any case and {@code yy} as 1970 to 2069, and gives a timestamp as precise as its pattern.
 */
final class TemporalFunctions {
    private TemporalFunctions() {
    }

    static IonValue call(ExecutionState state, String name, List<IonValue> arguments) {
        if (name.equals("utcnow")) {
            return state.ion.newTimestamp(state.now().withLocalOffset(0));
        }
        for (IonValue argument : arguments) {
            if (argument == null) {
                return null;
            }
        }
        for (IonValue argument : arguments) {
            if (argument.isNullValue()) {
                return state.ion.newNull();
            }
        }
        switch (name) {
            case "to_string":
                return toText(state, arguments.get(0), arguments.get(1));
            case "to_timestamp":
                return toTimestamp(state, arguments);
            case "date_add":
                return dateAdd(state, ValueComparison.text(arguments.get(0)), arguments.get(1), arguments.get(2));
            case "date_diff":
                return dateDifference(state, ValueComparison.text(arguments.get(0)), arguments.get(1), arguments.get(2));
            default:
                return extract(state, ValueComparison.text(arguments.get(0)), arguments.get(1));
        }
    }

    private static IonValue toText(ExecutionState state, IonValue timestamp, IonValue pattern) {
        if (!(timestamp instanceof IonTimestamp value) || !ValueComparison.isText(pattern)) {
            return null;
        }
        DateTimeFormatter formatter = formatter(ValueComparison.text(pattern));
        try {
            return state.ion.newString(formatter.format(dateTime(value.timestampValue())));
        } catch (DateTimeException e) {
            throw Planner.invalid("TO_STRING cannot format " + value + " with pattern '" + ValueComparison.text(pattern)
                + "': " + e.getMessage());
        }
    }

    private static IonValue toTimestamp(ExecutionState state, List<IonValue> arguments) {
        if (!ValueComparison.isText(arguments.get(0))) {
            return null;
        }
        String text = ValueComparison.text(arguments.get(0)).trim();
        if (arguments.size() == 1) {
            try {
                return state.ion.newTimestamp(Timestamp.valueOf(text));
            } catch (IonException | IllegalArgumentException e) {
                return null;
            }
        }
        if (!ValueComparison.isText(arguments.get(1))) {
            return null;
        }
        try {
            String pattern = ValueComparison.text(arguments.get(1));
            return state.ion.newTimestamp(parsedTimestamp(parser(pattern).parse(text), pattern));
        } catch (DateTimeException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The timestamp a pattern parsed, at the precision of the fields the pattern has (QLDB: 'yyyy' gives {@code 2016T},
     * 'MM-yyyy' {@code 2016-02T}); a time without an offset in the pattern is taken as UTC.
     */
    private static Timestamp parsedTimestamp(TemporalAccessor parsed, String pattern) {
        // Resolved fields all look present once a date or time resolves, so the pattern's letters decide the precision.
        int year = parsed.get(ChronoField.YEAR);
        if (!hasLetter(pattern, "M")) {
            return Timestamp.forYear(year);
        }
        int month = parsed.get(ChronoField.MONTH_OF_YEAR);
        if (!hasLetter(pattern, "d")) {
            return Timestamp.forMonth(year, month);
        }
        LocalDate date = LocalDate.of(year, month, parsed.get(ChronoField.DAY_OF_MONTH));
        if (!hasLetter(pattern, "hH")) {
            return Timestamp.forDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth());
        }
        int offsetMinutes = parsed.isSupported(ChronoField.OFFSET_SECONDS) ? parsed.get(ChronoField.OFFSET_SECONDS) / 60 : 0;
        int hour = parsed.get(ChronoField.HOUR_OF_DAY);
        int minute = parsed.isSupported(ChronoField.MINUTE_OF_HOUR) ? parsed.get(ChronoField.MINUTE_OF_HOUR) : 0;
        if (!hasLetter(pattern, "s")) {
            return Timestamp.forMinute(date.getYear(), date.getMonthValue(), date.getDayOfMonth(), hour, minute,
                offsetMinutes);
        }
        BigDecimal second = BigDecimal.valueOf(parsed.get(ChronoField.SECOND_OF_MINUTE));
        if (parsed.isSupported(ChronoField.NANO_OF_SECOND) && parsed.getLong(ChronoField.NANO_OF_SECOND) != 0) {
            second = second.add(BigDecimal.valueOf(parsed.getLong(ChronoField.NANO_OF_SECOND), 9).stripTrailingZeros());
        }
        return Timestamp.forSecond(date.getYear(), date.getMonthValue(), date.getDayOfMonth(), hour, minute, second,
            offsetMinutes);
    }

    /** Whether the pattern has one of {@code letters} outside quoted text. */
    private static boolean hasLetter(String pattern, String letters) {
        boolean quoted = false;
        for (int position = 0; position < pattern.length(); position++) {
            char c = pattern.charAt(position);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && letters.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A parser for a QLDB timestamp format string: month names and AM/PM in any case, and {@code yy} as a two-digit
     * year from 1970 to 2069 (QLDB adds 1900 to values from 70 and 2000 below).
     */
    private static DateTimeFormatter parser(String pattern) {
        DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().parseCaseInsensitive();
        StringBuilder pending = new StringBuilder();
        boolean quoted = false;
        int position = 0;
        try {
            while (position < pattern.length()) {
                char c = pattern.charAt(position);
                if (c == '\'') {
                    quoted = !quoted;
                }
                int run = 1;
                while (!quoted && c == 'y' && position + run < pattern.length() && pattern.charAt(position + run) == 'y') {
                    run++;
                }
                if (!quoted && c == 'y' && run == 2) {
                    builder.appendPattern(pending.toString());
                    pending.setLength(0);
                    builder.appendValueReduced(ChronoField.YEAR, 2, 2, 1970);
                } else {
                    pending.append(pattern, position, position + run);
                }
                position += run;
            }
            builder.appendPattern(pending.toString());
        } catch (IllegalArgumentException e) {
            throw Planner.invalid("invalid timestamp pattern '" + pattern + "': " + e.getMessage());
        }
        return builder.toFormatter(Locale.ENGLISH);
    }

    private static IonValue dateAdd(ExecutionState state, String part, IonValue amount, IonValue timestamp) {
        if (!(amount instanceof IonInt count) || !(timestamp instanceof IonTimestamp value)) {
            return null;
        }
        if (count.isNullValue() || count.bigIntegerValue().bitLength() > 31) {
            throw Planner.invalid("DATE_ADD amount " + (count.isNullValue() ? "null" : abbreviated(count))
                + " is out of range: it must be an int between -2147483648 and 2147483647");
        }
        int quantity = count.intValue();
        Timestamp start = value.timestampValue();
        try {
            Timestamp result = switch (part) {
                case "year" -> start.addYear(quantity);
                case "month" -> start.addMonth(quantity);
                case "day" -> start.addDay(quantity);
                case "hour" -> start.addHour(quantity);
                case "minute" -> start.addMinute(quantity);
                case "second" -> start.addSecond(quantity);
                default -> throw Planner.invalid("DATE_ADD does not know the date part " + part
                    + " (year, month, day, hour, minute, second)");
            };
            if (start.getPrecision().compareTo(Timestamp.Precision.MINUTE) < 0
                && result.getPrecision().compareTo(Timestamp.Precision.MINUTE) >= 0) {
                // A date gains a time of day in UTC: QLDB shows DATE_ADD(hour, 1, `2017T`) as 2017-01-01T01:00Z.
                result = result.withLocalOffset(0);
            }
            return state.ion.newTimestamp(result);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw Planner.invalid("DATE_ADD(" + part + ", " + quantity + ", " + start
                + ") is outside the timestamp range of years 0001 to 9999");
        }
    }

    private static String abbreviated(IonInt count) {
        String text = count.bigIntegerValue().toString();
        return text.length() <= 40 ? text : text.substring(0, 20) + "… (" + text.length() + " digits)";
    }

    private static IonValue dateDifference(ExecutionState state, String part, IonValue from, IonValue to) {
        if (!(from instanceof IonTimestamp start) || !(to instanceof IonTimestamp end)) {
            return null;
        }
        ChronoUnit unit = switch (part) {
            case "year" -> ChronoUnit.YEARS;
            case "month" -> ChronoUnit.MONTHS;
            case "day" -> ChronoUnit.DAYS;
            case "hour" -> ChronoUnit.HOURS;
            case "minute" -> ChronoUnit.MINUTES;
            case "second" -> ChronoUnit.SECONDS;
            default -> throw Planner.invalid("DATE_DIFF does not know the date part " + part
                + " (year, month, day, hour, minute, second)");
        };
        OffsetDateTime a = dateTime(start.timestampValue()).withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime b = dateTime(end.timestampValue()).withOffsetSameInstant(ZoneOffset.UTC);
        return state.ion.newInt(unit.between(a, b));
    }

    private static IonValue extract(ExecutionState state, String part, IonValue timestamp) {
        if (!(timestamp instanceof IonTimestamp value)) {
            return null;
        }
        Timestamp time = value.timestampValue();
        Integer offset = time.getLocalOffset();
        return switch (part) {
            case "year" -> state.ion.newInt(time.getYear());
            case "month" -> state.ion.newInt(time.getMonth());
            case "day" -> state.ion.newInt(time.getDay());
            case "hour" -> state.ion.newInt(time.getHour());
            case "minute" -> state.ion.newInt(time.getMinute());
            case "second" -> state.ion.newDecimal(time.getDecimalSecond() == null ? BigDecimal.ZERO : time.getDecimalSecond());
            case "timezone_hour" -> state.ion.newInt(offset == null ? 0 : offset / 60);
            case "timezone_minute" -> state.ion.newInt(offset == null ? 0 : offset % 60);
            default -> throw Planner.invalid("EXTRACT does not know the date part " + part
                + " (year, month, day, hour, minute, second, timezone_hour, timezone_minute)");
        };
    }

    private static DateTimeFormatter formatter(String pattern) {
        try {
            // English month and day names (MMMM is "June"); the root locale would abbreviate them.
            return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH);
        } catch (IllegalArgumentException e) {
            throw Planner.invalid("invalid timestamp pattern '" + pattern + "': " + e.getMessage());
        }
    }

    /** The timestamp as a date-time at its own offset (an unknown offset, -00:00, is taken as UTC). */
    static OffsetDateTime dateTime(Timestamp timestamp) {
        BigDecimal millis = timestamp.getDecimalMillis();
        BigDecimal seconds = millis.divide(BigDecimal.valueOf(1000)).setScale(0, java.math.RoundingMode.FLOOR);
        long nanos = millis.subtract(seconds.multiply(BigDecimal.valueOf(1000))).multiply(BigDecimal.valueOf(1_000_000))
            .longValue();
        Integer offset = timestamp.getLocalOffset();
        ZoneOffset zone = ZoneOffset.ofTotalSeconds(offset == null ? 0 : offset * 60);
        return Instant.ofEpochSecond(seconds.longValueExact(), nanos).atOffset(zone);
    }

    private static Timestamp timestamp(OffsetDateTime dateTime) {
        BigDecimal seconds = BigDecimal.valueOf(dateTime.getSecond())
            .add(BigDecimal.valueOf(dateTime.getNano(), 9)).stripTrailingZeros();
        if (seconds.scale() < 0) {
            seconds = seconds.setScale(0);
        }
        return Timestamp.forSecond(dateTime.getYear(), dateTime.getMonthValue(), dateTime.getDayOfMonth(),
            dateTime.getHour(), dateTime.getMinute(), seconds, dateTime.getOffset().getTotalSeconds() / 60);
    }
}
