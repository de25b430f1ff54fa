package io.vellum.server.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.server.http.AwsErrors;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.RequestIds;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds control-plane responses as QLDB sends them (COMPATIBILITY.md §9): {@code application/json} bodies with an
 * {@code x-amzn-RequestId} header; errors through {@link AwsErrors} with {@code x-amzn-ErrorType}, {@code __type},
 * {@code Message} and the members the model gives the error type.
 */
final class ControlPlaneResponses {
    private final ObjectMapper json;

    ControlPlaneResponses(ObjectMapper json) {
        this.json = json;
    }

    /** The mapper request bodies are read with. */
    ObjectMapper json() {
        return json;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    /** 200 with {@code body}. */
    HttpResponse ok(ObjectNode body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", AwsErrors.REST_JSON);
        headers.put(RequestIds.HEADER, RequestIds.next());
        try {
            return new HttpResponse(200, headers, json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            // An ObjectNode of strings, numbers and booleans always serializes; reaching here is a bug.
            throw new IllegalStateException("cannot serialize a control-plane response", e);
        }
    }

    /** 200 with {@code {}} (TagResource, UntagResource, DeleteLedger). */
    HttpResponse empty() {
        return ok(object());
    }

    HttpResponse error(ControlPlaneException error) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("ParameterName", error.parameterName());
        members.put("ResourceType", error.resourceType());
        members.put("ResourceName", error.resourceName());
        return AwsErrors.error(error.status(), error.errorType(), error.getMessage(), AwsErrors.REST_JSON, members);
    }

    /**
     * QLDB's timestamp form in JSON bodies: epoch seconds with fractional milliseconds, e.g. {@code 1568839243.951}.
     * A {@link DecimalNode} is built directly so that Jackson does not strip the zeros ({@code 1600000000.000}).
     */
    static DecimalNode epochSeconds(Instant instant) {
        return DecimalNode.valueOf(BigDecimal.valueOf(instant.toEpochMilli(), 3));
    }
}
