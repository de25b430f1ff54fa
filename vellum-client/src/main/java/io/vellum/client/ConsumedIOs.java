package io.vellum.client;

/**
 * The read and write I/Os the server reports for a statement (QLDB's {@code ConsumedIOs}), summed over every page
 * fetched so far.
 */
public record ConsumedIOs(long readIOs, long writeIOs) {
    public ConsumedIOs {
        if (readIOs < 0 || writeIOs < 0) {
            throw new IllegalArgumentException("I/O counts are never negative: read " + readIOs + ", write " + writeIOs);
        }
    }

    /** The sum of this and {@code other}. */
    public ConsumedIOs plus(ConsumedIOs other) {
        return new ConsumedIOs(readIOs + other.readIOs, writeIOs + other.writeIOs);
    }
}
