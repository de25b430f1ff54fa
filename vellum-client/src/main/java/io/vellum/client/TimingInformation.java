package io.vellum.client;

/**
 * The server-side processing time the server reports (QLDB's {@code TimingInformation}), summed over every page
 * fetched so far. Network time is not included.
 */
public record TimingInformation(long processingTimeMilliseconds) {
    public TimingInformation {
        if (processingTimeMilliseconds < 0) {
            throw new IllegalArgumentException("processing time is never negative: " + processingTimeMilliseconds);
        }
    }

    /** The sum of this and {@code other}. */
    public TimingInformation plus(TimingInformation other) {
        return new TimingInformation(processingTimeMilliseconds + other.processingTimeMilliseconds);
    }
}
