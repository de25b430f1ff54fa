package io.vellum.kafka;

/**
 * How one stream record is encoded as the value of one Kafka message.
 *
 * <p>{@link #ION_BINARY} is what QLDB writes to Kinesis and the only format from which a consumer can recompute and
 * check hashes. {@link #JSON} down-converts the Ion value for consumers without an Ion library, losing the types that
 * hashes cover; the mapping (the same as the native {@code /v1} API's):
 * <table>
 *   <caption>Ion to JSON</caption>
 *   <tr><th>Ion</th><th>JSON</th></tr>
 *   <tr><td>any {@code null.*}</td><td>{@code null}</td></tr>
 *   <tr><td>bool</td><td>{@code true} / {@code false}</td></tr>
 *   <tr><td>int</td><td>number, every digit</td></tr>
 *   <tr><td>decimal</td><td>number with digits and scale kept ({@code 1.50}, {@code 1E+3}; negative zero
 *       {@code -0.0})</td></tr>
 *   <tr><td>float</td><td>number; {@code nan}, {@code +inf}, {@code -inf} as those strings</td></tr>
 *   <tr><td>timestamp</td><td>string in Ion text form, precision and offset kept
 *       ({@code "2019-12-11T07:20:51.261Z"}, {@code "1963-08-19T"})</td></tr>
 *   <tr><td>string, symbol</td><td>string</td></tr>
 *   <tr><td>blob, clob (hashes included)</td><td>string, standard Base64 of the bytes</td></tr>
 *   <tr><td>list, sexp</td><td>array</td></tr>
 *   <tr><td>struct</td><td>object (a repeated field name is written repeated)</td></tr>
 *   <tr><td>annotations</td><td>dropped</td></tr>
 * </table>
 */
public enum StreamFormat {
    /** One Ion binary value with its own symbol table per message (QLDB's Kinesis format; the default). */
    ION_BINARY("application/ion"),
    /** One Ion text value per message, for reading with console tools. Keeps every Ion type. */
    ION_TEXT("text/ion"),
    /** One JSON object per message (UTF-8), down-converted as in the class comment. Not verifiable. */
    JSON("application/json");

    private final String contentType;

    StreamFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The media type written in each message's {@code contentType} header. */
    public String contentType() {
        return contentType;
    }
}
