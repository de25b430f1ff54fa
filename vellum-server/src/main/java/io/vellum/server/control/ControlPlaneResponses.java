package io.vellum.server.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vellum.server.HttpResponse;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds control-plane responses as QLDB sends them (SPEC §3): {@code application/json} bodies, an
 * {@code x-amzn-RequestId} header, and errors with {@code x-amzn-ErrorType} plus {@code __type}/{@code Message} and
 * the modelled members in the body.
 */
final class ControlPlaneResponses {
    private final ObjectMapper json;

    ControlPlaneResponses(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    /** 200 with {@code body}. */
    HttpResponse ok(ObjectNode body, String requestId) {
        return response(200, body, requestId, null);
    }

    /** 200 with {@code {}} (TagResource, UntagResource, DeleteLedger). */
    HttpResponse empty(String requestId) {
        return ok(object(), requestId);
    }

    HttpResponse error(ControlPlaneException error, String requestId) {
        ObjectNode body = object();
        body.put("__type", error.errorType());
        body.put("Message", error.getMessage());
        if (error.parameterName() != null) {
            body.put("ParameterName", error.parameterName());
        }
        if (error.resourceType() != null) {
            body.put("ResourceType", error.resourceType());
        }
        if (error.resourceName() != null) {
            body.put("ResourceName", error.resourceName());
        }
        return response(error.status(), body, requestId, error.errorType());
    }

    private HttpResponse response(int status, ObjectNode body, String requestId, String errorType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("x-amzn-RequestId", requestId);
        if (errorType != null) {
            headers.put("x-amzn-ErrorType", errorType);
        }
        try {
            return new HttpResponse(status, headers, json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            // An ObjectNode of strings, numbers and booleans always serializes; reaching here is a bug.
            throw new IllegalStateException("cannot serialize a control-plane response", e);
        }
    }

    /**
     * QLDB's timestamp form in JSON bodies: epoch seconds with fractional milliseconds, e.g. {@code 1568839243.951}.
     * A {@link DecimalNode} is built directly so that Jackson does not strip the zeros ({@code 1600000000.000}).
     */
    static DecimalNode epochSeconds(Instant instant) {
        return DecimalNode.valueOf(BigDecimal.valueOf(instant.toEpochMilli(), 3));
    }
}
