/**
 * Vellum's native JSON API under {@code /v1} ({@link io.vellum.server.nativeapi.NativeEndpoint}), for curl users and
 * the Java client. Requests are signed like every Vellum request (SigV4, service {@code qldb}, any region; e.g.
 * {@code curl --aws-sigv4 "aws:amz:us-east-1:qldb" --user "$KEY:$SECRET"}) unless the server runs with
 * {@code --insecure-no-auth}.
 *
 * <h2>JSON in: how request values become Ion ({@link io.vellum.server.nativeapi.NativeRequestBody})</h2>
 * The body is read as Ion text, of which JSON is a subset: strings → string, integers → int, numbers with a fraction
 * → <b>decimal, exactly</b> ({@code 100.50} keeps both digits), numbers with an exponent → float, booleans, null,
 * arrays → list, objects → struct. Ion text may be sent instead to use Ion's own types:
 * {@code 2024-02-29T10:00:00.000Z} (timestamp), {@code {{aGk=}}} (blob), {@code 'sym'} (symbol).
 *
 * <h2>JSON out: how Ion values are down-converted ({@link io.vellum.server.nativeapi.IonToJson})</h2>
 * null.* → null; bool → boolean; int → number (all digits); decimal → number with its exact digits and scale
 * ({@code 100.50}, {@code 1E+3}); float → number, {@code "nan"}/{@code "+inf"}/{@code "-inf"} as strings; timestamp →
 * string in Ion's text form (precision and offset kept); string, symbol → string; blob, clob → Base64 string; list,
 * sexp → array; struct → object (a repeated field stays repeated); annotations dropped. Hashes are Base64.
 *
 * <h2>Errors</h2>
 * {@code {"error": {"code": "<ErrorCode>", "message": "…"}}}: INVALID_REQUEST and PARSE_ERROR 400, NOT_FOUND 404,
 * ALREADY_EXISTS and OCC_CONFLICT (after four retries) 409, LIMIT_EXCEEDED 413, TRANSACTION_EXPIRED 408,
 * UNAVAILABLE 503 ({@code Retry-After: 1}), CORRUPTION and VERIFICATION_FAILED 412 (a damaged ledger: reads of
 * intact data keep working; the message names the block, never a server path); an unknown path 404, another
 * method 405 with {@code Allow}. A body over the server's limit (8 MiB) is refused by the router with 413.
 */
package io.vellum.server.nativeapi;
