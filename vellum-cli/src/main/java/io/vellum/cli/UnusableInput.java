package io.vellum.cli;

/** An input file that cannot be used (unreadable, not JSON, not the answer asked for); the message names the file. */
final class UnusableInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnusableInput(String message) {
        super(message);
    }
}
