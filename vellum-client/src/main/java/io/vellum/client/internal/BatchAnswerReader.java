package io.vellum.client.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vellum.client.ConsumedIOs;
import io.vellum.client.TimingInformation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads a batch answer as the server writes it ({@code {"TransactionId", "Results": [{"Values": [{"IonBinary"}],
 * "NextPageToken"?, "ConsumedIOs"?}], "CommitDigest"?, "TimingInformation"?, "ConsumedIOs"?}}) with Jackson's streaming parser,
 * without building a JSON tree: this is on every batched transaction's path. It only reads; an answer of any other
 * shape (a member of another JSON type, a duplicate member, {@code IonText}, a {@code null} where a value is
 * expected, not JSON at all) yields null, and the caller reads it the long way ({@link SessionCommands#batch}), which
 * accepts or refuses it exactly as before. Members it does not know are skipped, as the long way ignores them.
 * Stateless and thread-safe.
 */
final class BatchAnswerReader {
    /**
     * One result's first page: the values' Ion binary, the next page's token (null: the last page) and the result's
     * own ConsumedIOs (null when the answer has none for it).
     */
    record RawPage(List<byte[]> values, String nextPageToken, ConsumedIOs consumedIOs) {
    }

    /** The members read; a member the answer did not carry is null. */
    record RawAnswer(String transactionId, List<RawPage> results, String commitDigest, ConsumedIOs consumedIOs,
                     TimingInformation timing) {
    }

    private BatchAnswerReader() {
    }

    /** The answer's members, or null when it has a shape this reader leaves to the long way. */
    static RawAnswer read(byte[] body) {
        try (JsonParser json = SharedJson.MAPPER.getFactory().createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String transactionId = null;
            List<RawPage> results = null;
            String commitDigest = null;
            ConsumedIOs consumedIOs = null;
            TimingInformation timing = null;
            int seen = 0;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                int bit = switch (field) {
                    case "TransactionId" -> 1;
                    case "Results" -> 2;
                    case "CommitDigest" -> 4;
                    case "ConsumedIOs" -> 8;
                    case "TimingInformation" -> 16;
                    default -> 0;
                };
                if ((seen & bit) != 0) {
                    return null; // a duplicate: the long way decides which counts
                }
                seen |= bit;
                boolean read = switch (field) {
                    case "TransactionId" -> (transactionId = text(json, value)) != null;
                    case "CommitDigest" -> (commitDigest = text(json, value)) != null;
                    case "Results" -> (results = results(json, value)) != null;
                    case "ConsumedIOs" -> {
                        long[] ios = numbers(json, value, "ReadIOs", "WriteIOs");
                        consumedIOs = ios == null ? null : new ConsumedIOs(ios[0], ios[1]);
                        yield ios != null;
                    }
                    case "TimingInformation" -> {
                        long[] time = numbers(json, value, "ProcessingTimeMilliseconds", null);
                        timing = time == null ? null : new TimingInformation(time[0]);
                        yield time != null;
                    }
                    default -> {
                        json.skipChildren();
                        yield true;
                    }
                };
                if (!read) {
                    return null;
                }
            }
            if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
                return null;
            }
            return new RawAnswer(transactionId, results, commitDigest, consumedIOs, timing);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(JsonParser json, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? json.getText() : null;
    }

    private static List<RawPage> results(JsonParser json, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            return null;
        }
        List<RawPage> pages = new ArrayList<>(4);
        for (JsonToken page = json.nextToken(); page != JsonToken.END_ARRAY; page = json.nextToken()) {
            if (page != JsonToken.START_OBJECT) {
                return null;
            }
            List<byte[]> values = null;
            String nextPageToken = null;
            ConsumedIOs consumedIOs = null;
            int seen = 0;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken member = json.nextToken();
                if (field.equals("Values")) {
                    if ((seen & 1) != 0 || (values = values(json, member)) == null) {
                        return null;
                    }
                    seen |= 1;
                } else if (field.equals("NextPageToken")) {
                    if ((seen & 2) != 0 || member != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    seen |= 2;
                    nextPageToken = json.getText();
                } else if (field.equals("ConsumedIOs")) {
                    long[] ios = (seen & 4) != 0 ? null : numbers(json, member, "ReadIOs", "WriteIOs");
                    if (ios == null) {
                        return null;
                    }
                    seen |= 4;
                    consumedIOs = new ConsumedIOs(ios[0], ios[1]);
                } else {
                    json.skipChildren();
                }
            }
            pages.add(new RawPage(values == null ? List.of() : values, nextPageToken, consumedIOs));
        }
        return pages;
    }

    /** Each holder must be exactly {@code {"IonBinary": "<base64>"}}. */
    private static List<byte[]> values(JsonParser json, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            return null;
        }
        List<byte[]> values = new ArrayList<>(2);
        Base64.Decoder base64 = Base64.getDecoder();
        for (JsonToken holder = json.nextToken(); holder != JsonToken.END_ARRAY; holder = json.nextToken()) {
            if (holder != JsonToken.START_OBJECT || json.nextToken() != JsonToken.FIELD_NAME
                    || !json.currentName().equals("IonBinary") || json.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            values.add(base64.decode(json.getText()));
            if (json.nextToken() != JsonToken.END_OBJECT) {
                return null;
            }
        }
        return values;
    }

    /**
     * The integer members {@code first} and {@code second} (null: none) of an object, each 0 when absent, as the
     * long way reads them; null when the object has another member of another type or is no object.
     */
    private static long[] numbers(JsonParser json, JsonToken value, String first, String second) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            return null;
        }
        long[] numbers = new long[2];
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken member = json.nextToken();
            int index = field.equals(first) ? 0 : field.equals(second) ? 1 : -1;
            if (index < 0) {
                json.skipChildren();
            } else if (member == JsonToken.VALUE_NUMBER_INT && json.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                numbers[index] = json.getLongValue();
            } else {
                return null;
            }
        }
        return numbers;
    }
}
