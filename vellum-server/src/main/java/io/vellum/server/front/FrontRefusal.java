package io.vellum.server.front;

/**
 * A request the front refuses before routing it (its request line, target, headers or framing break HTTP/1.1 or a
 * limit): answered with {@code status} ({@link io.vellum.server.http.MalformedRequestAnswers}) and the connection
 * closed, since where the next request would start is no longer known. Carries no stack trace: it is a verdict on
 * the client's bytes, not a failure of the server. Immutable.
 */
final class FrontRefusal extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    /** @param reason why, for the server's debug log only (the client gets the status's own message) */
    FrontRefusal(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
