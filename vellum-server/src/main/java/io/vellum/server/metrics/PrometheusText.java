package io.vellum.server.metrics;

/**
 * Writes Prometheus text exposition format 0.0.4: per family a {@code # HELP} and a {@code # TYPE} line, then
 * samples {@code name{label="value",…} number}, each line ending in {@code \n}. Label values are escaped as the
 * format requires (backslash, double quote, line feed). Not thread-safe: one per rendering.
 */
final class PrometheusText {
    private final StringBuilder text = new StringBuilder(4096);

    void family(String name, String type, String help) {
        text.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** A sample with labels given as name, value, name, value… */
    void sample(String name, long value, String... labels) {
        appendName(name, labels).append(' ').append(value).append('\n');
    }

    void sample(String name, double value, String... labels) {
        appendName(name, labels).append(' ').append(format(value)).append('\n');
    }

    private StringBuilder appendName(String name, String... labels) {
        text.append(name);
        if (labels.length > 0) {
            text.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) {
                    text.append(',');
                }
                text.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            text.append('}');
        }
        return text;
    }

    private static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(value);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
