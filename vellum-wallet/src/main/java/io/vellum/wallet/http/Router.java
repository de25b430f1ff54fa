package io.vellum.wallet.http;

import io.vellum.wallet.account.WalletError;
import io.vellum.wallet.account.WalletException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Routes by method and path template ({@code /accounts/{accountId}/balance}): a path no template matches is a 404, a
 * path matched with another method a 405 listing the allowed ones.
 */
final class Router {
    /** Handles one operation; refusals are thrown as WalletExceptions. */
    @FunctionalInterface
    interface Endpoint {
        ApiResponse handle(ApiRequest request);
    }

    private record Route(String method, List<String> template, Endpoint endpoint) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String template, Endpoint endpoint) {
        routes.add(new Route(method, List.of(template.substring(1).split("/")), endpoint));
        return this;
    }

    ApiResponse dispatch(ApiRequest request) {
        List<String> segments = request.segments();
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> parameters = match(route.template(), segments);
            if (parameters == null) {
                continue;
            }
            if (route.method().equals(request.method())) {
                return route.endpoint().handle(request.withPathParameters(parameters));
            }
            allowed.add(route.method());
        }
        if (allowed.isEmpty()) {
            throw new WalletException(WalletError.ROUTE_NOT_FOUND, "no operation at " + request.path()
                    + "; the API is described at /openapi.yaml");
        }
        return ErrorResponses.of(405, WalletError.METHOD_NOT_ALLOWED.name(), request.method() + " is not allowed on "
                + request.path() + "; allowed: " + String.join(", ", allowed), null)
                .withHeader("Allow", String.join(", ", allowed));
    }

    /** The template's parameters when it matches, else null. */
    private static Map<String, String> match(List<String> template, List<String> segments) {
        if (template.size() != segments.size()) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                parameters.put(expected.substring(1, expected.length() - 1), segments.get(i));
            } else if (!expected.equals(segments.get(i))) {
                return null;
            }
        }
        return parameters;
    }
}
