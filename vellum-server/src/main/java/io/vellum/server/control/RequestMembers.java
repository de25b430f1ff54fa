package io.vellum.server.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vellum.proof.block.BlockAddress;
import io.vellum.error.LedgerException;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.JsonProblems;
import io.vellum.server.http.Utf8Text;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON members of a control-plane request body, read with the checks QLDB's model implies. Every failure is an
 * {@code InvalidParameterException} naming the member (or a {@code SerializationException} when the body is not a
 * JSON object), so a client learns exactly what to fix.
 */
final class RequestMembers {
    private final JsonNode body;
    /** How errors name this object's members: "" at the top, {@code "S3ExportConfiguration."} inside that member. */
    private final String path;

    private RequestMembers(JsonNode body, String path) {
        this.body = body;
        this.path = path;
    }

    private RequestMembers(JsonNode body) {
        this(body, "");
    }

    /** The body as a JSON object; an empty body (GetDigest, DeleteLedger) reads as {@code {}}. */
    static RequestMembers of(HttpRequest request, ObjectMapper json) {
        if (request.body().length == 0) {
            return new RequestMembers(json.createObjectNode());
        }
        JsonNode body;
        try {
            // Strict UTF-8 first: Jackson accepts overlong forms (C0 80 as U+0000).
            Utf8Text.requireWellFormed(request.body(), "the request body");
            body = json.readTree(request.body());
        } catch (LedgerException e) {
            throw ControlPlaneException.malformedBody(e.getMessage());
        } catch (JsonProcessingException e) {
            throw ControlPlaneException.malformedBody(JsonProblems.describe(e, "the request body"));
        } catch (java.io.IOException e) {
            throw ControlPlaneException.malformedBody("the request body cannot be read as JSON");
        }
        if (body == null || body.isMissingNode()) {
            return new RequestMembers(json.createObjectNode());
        }
        if (!body.isObject()) {
            throw ControlPlaneException.malformedBody("the request body must be a JSON object, got " + body.getNodeType());
        }
        return new RequestMembers(body);
    }

    boolean has(String member) {
        JsonNode value = body.get(member);
        return value != null && !value.isNull();
    }

    String requiredString(String member) {
        String value = optionalString(member);
        if (value == null) {
            throw ControlPlaneException.invalidParameter(name(member), name(member) + " is required");
        }
        return value;
    }

    /** A string member, or null when absent or JSON null. */
    String optionalString(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ControlPlaneException.invalidParameter(name(member), name(member) + " must be a string, got "
                    + value.getNodeType());
        }
        return wellFormed(value.textValue(), name(member));
    }

    /** {@code text}, refused when it holds an unpaired surrogate (a JSON escape such as \ud800 makes one). */
    private static String wellFormed(String text, String member) {
        if (Utf8Text.unpairedSurrogate(text) >= 0) {
            throw ControlPlaneException.invalidParameter(member, member + " holds an unpaired UTF-16 surrogate"
                    + " escape; it is not a Unicode character");
        }
        return text;
    }

    /** A boolean member, or null when absent or JSON null. */
    Boolean optionalBoolean(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw ControlPlaneException.invalidParameter(name(member), name(member) + " must be true or false, got "
                    + value);
        }
        return value.booleanValue();
    }

    /** A map of strings ({@code Tags}), insertion-ordered; empty when absent. */
    Map<String, String> stringMap(String member) {
        JsonNode value = body.get(member);
        Map<String, String> map = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return map;
        }
        if (!value.isObject()) {
            throw ControlPlaneException.invalidParameter(name(member), name(member) + " must be an object of strings");
        }
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw ControlPlaneException.invalidParameter(name(member), name(member) + "." + entry.getKey()
                        + " must be a string, got " + entry.getValue().getNodeType());
            }
            map.put(wellFormed(entry.getKey(), name(member)), wellFormed(entry.getValue().textValue(), name(member)));
        }
        return map;
    }

    /**
     * A timestamp member, or null when absent: a JSON number of epoch seconds (how the AWS SDKs and CLI send
     * timestamps, e.g. {@code 1568764800.0}; fractions below a nanosecond are dropped) or, for curl users, an
     * ISO-8601 string ({@code "2019-09-18T00:00:00Z"}).
     */
    Instant optionalTimestamp(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            try {
                BigDecimal seconds = value.decimalValue();
                long whole = seconds.setScale(0, RoundingMode.FLOOR).longValueExact();
                int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
                return Instant.ofEpochSecond(whole, nanos);
            } catch (ArithmeticException | NumberFormatException | java.time.DateTimeException e) {
                // NumberFormatException: a float beyond double's range reads as infinity, which has no decimal.
                throw ControlPlaneException.invalidParameter(name(member), name(member) + " is out of range: "
                        + abbreviate(value.toString()));
            }
        }
        if (value.isTextual()) {
            try {
                return Instant.parse(value.textValue());
            } catch (java.time.format.DateTimeParseException e) {
                throw ControlPlaneException.invalidParameter(name(member), name(member) + " must be epoch seconds or "
                        + "an ISO-8601 UTC time such as 2019-09-18T00:00:00Z, got '" + value.textValue() + "'");
            }
        }
        throw ControlPlaneException.invalidParameter(name(member), name(member) + " must be a timestamp (epoch "
                + "seconds), got " + value.getNodeType());
    }

    Instant requiredTimestamp(String member) {
        Instant value = optionalTimestamp(member);
        if (value == null) {
            throw ControlPlaneException.invalidParameter(name(member), name(member) + " is required");
        }
        return value;
    }

    /** A nested object member whose own members errors name as {@code Outer.Inner}, or null when absent. */
    RequestMembers optionalObject(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw ControlPlaneException.invalidParameter(name(member), name(member) + " must be an object, got "
                    + value.getNodeType());
        }
        return new RequestMembers(value, name(member) + ".");
    }

    RequestMembers requiredObject(String member) {
        RequestMembers value = optionalObject(member);
        if (value == null) {
            throw ControlPlaneException.invalidParameter(name(member), name(member) + " is required");
        }
        return value;
    }

    /** The member's name as errors give it: {@code Bucket} inside {@code S3ExportConfiguration} is
     * {@code S3ExportConfiguration.Bucket}. */
    String name(String member) {
        return path + member;
    }

    /** A required {@code {"IonText": "{strandId:…,sequenceNo:…}"}} member. */
    BlockAddress requiredBlockAddress(String member) {
        BlockAddress address = optionalBlockAddress(member);
        if (address == null) {
            throw ControlPlaneException.invalidParameter(name(member), name(member) + " is required");
        }
        return address;
    }

    /** An optional {@code {"IonText": "{strandId:…,sequenceNo:…}"}} member, or null. */
    BlockAddress optionalBlockAddress(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        JsonNode ionText = value.isObject() ? value.get("IonText") : null;
        if (ionText == null || !ionText.isTextual()) {
            throw ControlPlaneException.invalidParameter(name(member), name(member) + " must be {\"IonText\": "
                    + "\"{strandId:\\\"…\\\",sequenceNo:N}\"}");
        }
        try {
            return BlockAddress.parseIonText(ionText.textValue());
        } catch (IllegalArgumentException e) {
            // Our own message, or Long.parseLong's for a sequence number out of range: say it in our words.
            throw ControlPlaneException.invalidParameter(name(member), name(member) + ".IonText is not a block"
                    + " address {strandId:\"…\",sequenceNo:N} with N from 0 to " + Long.MAX_VALUE + ": '"
                    + abbreviate(ionText.textValue()) + "'");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }
}
