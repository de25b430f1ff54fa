package io.vellum.engine.query.internal.execution;

/**
 * A LIKE pattern: {@code %} matches any run of characters, {@code _} one character, the escape makes the next one
 * literal; characters are Unicode code points. Matched by the greedy two-pointer algorithm that backtracks only to
 * the last {@code %}, so a match costs at most (text length × pattern length) steps; a regular expression
 * backtracks exponentially on patterns such as {@code '%a%a%a%a%a%a%a%a%a%a%a%a%b'}. Long matches call
 * {@code tick} every 2^20 steps, so that the transaction's timeout still stops them.
 */
final class LikePattern {
    private static final int ANY_RUN = -1;
    private static final int ANY_ONE = -2;
    private static final int TICK_STEPS = 1 << 20;

    private final int[] elements;

    private LikePattern(int[] elements) {
        this.elements = elements;
    }

    /** @throws io.vellum.error.LedgerException INVALID_REQUEST when the pattern ends with its escape character */
    static LikePattern compile(String pattern, int escape) {
        int[] elements = new int[pattern.codePointCount(0, pattern.length())];
        int count = 0;
        int offset = 0;
        while (offset < pattern.length()) {
            int codePoint = pattern.codePointAt(offset);
            offset += Character.charCount(codePoint);
            if (codePoint == escape) {
                if (offset >= pattern.length()) {
                    throw Planner.invalid("LIKE pattern '" + pattern + "' ends with its escape character");
                }
                int escaped = pattern.codePointAt(offset);
                offset += Character.charCount(escaped);
                elements[count++] = escaped;
            } else if (codePoint == '%') {
                if (count == 0 || elements[count - 1] != ANY_RUN) {
                    elements[count++] = ANY_RUN; // "%%" means "%"
                }
            } else {
                elements[count++] = codePoint == '_' ? ANY_ONE : codePoint;
            }
        }
        return new LikePattern(java.util.Arrays.copyOf(elements, count));
    }

    boolean matches(String value, Runnable tick) {
        int[] text = value.codePoints().toArray();
        int at = 0;
        int position = 0;
        int lastRun = -1;
        int lastRunAt = 0;
        long steps = 0;
        while (at < text.length) {
            if (++steps % TICK_STEPS == 0) {
                tick.run();
            }
            if (position < elements.length && (elements[position] == ANY_ONE || elements[position] == text[at])) {
                at++;
                position++;
            } else if (position < elements.length && elements[position] == ANY_RUN) {
                lastRun = position++;
                lastRunAt = at;
            } else if (lastRun >= 0) {
                position = lastRun + 1;
                at = ++lastRunAt;
            } else {
                return false;
            }
        }
        while (position < elements.length && elements[position] == ANY_RUN) {
            position++;
        }
        return position == elements.length;
    }
}
