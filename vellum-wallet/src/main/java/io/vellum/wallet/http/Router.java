package io.vellum.wallet.http;

import io.vellum.wallet.account.WalletError;
import io.vellum.wallet.account.WalletException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Routes by method and path template ({@code /accounts/{accountId}/balance}): a path no template matches is a 404, a
 * path matched with another method a 405 listing the allowed ones. Each route names the query parameters it reads;
 * any other one is refused (400 UNKNOWN_FIELD), as unknown body fields are: {@code ?limt=5} or {@code ?verison=1}
 * silently ignored would answer a question the client did not ask.
 */
final class Router {
    /** Handles one operation; refusals are thrown as WalletExceptions. */
    @FunctionalInterface
    interface Endpoint {
        ApiResponse handle(ApiRequest request);
    }

    /**
     * One route.
     *
     * @param method          upper-case HTTP method
     * @param path            the template as written, e.g. {@code /accounts/{accountId}/balance}
     * @param queryParameters the query parameters the endpoint reads; any other is refused
     */
    record Route(String method, String path, Set<String> queryParameters, Endpoint endpoint) {
        Route {
            queryParameters = Set.copyOf(queryParameters);
        }

        List<String> template() {
            return List.of(path.substring(1).split("/"));
        }
    }

    private final List<Route> routes = new ArrayList<>();
    /** Each route's {@link Route#template()}, split once here rather than for every request. */
    private final List<List<String>> templates = new ArrayList<>();

    /** A route that takes no query parameters. */
    Router add(String method, String template, Endpoint endpoint) {
        return add(method, template, Set.of(), endpoint);
    }

    Router add(String method, String template, Set<String> queryParameters, Endpoint endpoint) {
        Route route = new Route(method, template, queryParameters, endpoint);
        routes.add(route);
        templates.add(route.template());
        return this;
    }

    /** Every route, in the order added (what the OpenAPI document must describe). */
    List<Route> routes() {
        return List.copyOf(routes);
    }

    ApiResponse dispatch(ApiRequest request) {
        List<String> segments = request.segments();
        TreeSet<String> allowed = null; // made only for a 404 or 405: most requests find their route
        for (int i = 0; i < routes.size(); i++) {
            Route route = routes.get(i);
            Map<String, String> parameters = match(templates.get(i), segments);
            if (parameters == null) {
                continue;
            }
            if (route.method().equals(request.method())) {
                requireKnownQueryParameters(route, request);
                return route.endpoint().handle(request.withPathParameters(parameters));
            }
            if (allowed == null) {
                allowed = new TreeSet<>();
            }
            allowed.add(route.method());
        }
        if (allowed == null) {
            throw new WalletException(WalletError.ROUTE_NOT_FOUND, "no operation at " + request.path()
                    + "; the API is described at /openapi.yaml");
        }
        return ErrorResponses.of(405, WalletError.METHOD_NOT_ALLOWED.name(), request.method() + " is not allowed on "
                + request.path() + "; allowed: " + String.join(", ", allowed), null)
                .withHeader("Allow", String.join(", ", allowed));
    }

    private static void requireKnownQueryParameters(Route route, ApiRequest request) {
        if (request.query().isEmpty()) {
            return; // nothing unknown, nothing repeated
        }
        TreeSet<String> unknown = new TreeSet<>(request.query().keySet());
        unknown.removeAll(route.queryParameters());
        if (!unknown.isEmpty()) {
            String accepted = route.queryParameters().isEmpty() ? "this operation takes none"
                    : "this operation takes " + String.join(", ", new TreeSet<>(route.queryParameters()));
            throw new WalletException(WalletError.UNKNOWN_FIELD, "unknown query parameter"
                    + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown) + "; " + accepted,
                    unknown.first());
        }
        for (String name : route.queryParameters()) {
            if (request.repeatedQueryParameters().contains(name)) {
                throw new WalletException(WalletError.INVALID_FIELD, "query parameter " + name
                        + " is given more than once; give it once", name);
            }
        }
    }

    /** The template's parameters when it matches, else null. */
    private static Map<String, String> match(List<String> template, List<String> segments) {
        if (template.size() != segments.size()) {
            return null;
        }
        Map<String, String> parameters = Map.of();
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                if (parameters.isEmpty()) {
                    parameters = new HashMap<>();
                }
                parameters.put(expected.substring(1, expected.length() - 1), segments.get(i));
            } else if (!expected.equals(segments.get(i))) {
                return null;
            }
        }
        return parameters;
    }
}
