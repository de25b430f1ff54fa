package io.vellum.wallet.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vellum.wallet.account.WalletError;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document against the code: exactly the routes the router has, with the query and path parameters
 * they read, and error codes documented under the HTTP status the server really answers them with.
 */
class OpenApiRoutesTest {
    private static final Pattern CODE = Pattern.compile("\\b[A-Z][A-Z_]{4,}\\b");

    private final OpenApiDocument document = OpenApiDocument.parse(OpenApiDocument.resourceText());
    private final List<Router.Route> routes = WalletHttpServer.routes(null, null, "").routes();

    @Test
    void documentsExactlyTheRoutesTheServerHas() {
        Set<String> routed = routes.stream().map(route -> route.method() + " " + route.path())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(document.operations()).isEqualTo(routed);
    }

    @Test
    void documentsTheParametersEachRouteReads() {
        for (Router.Route route : routes) {
            String operation = route.method() + " " + route.path();
            assertThat(document.parameters(route.method(), route.path(), "query"))
                    .as("query parameters of " + operation).isEqualTo(route.queryParameters());
            Set<String> pathParameters = Arrays.stream(route.path().split("/")).filter(s -> s.startsWith("{"))
                    .map(s -> s.substring(1, s.length() - 1)).collect(Collectors.toSet());
            assertThat(document.parameters(route.method(), route.path(), "path")).as("path parameters of " + operation)
                    .isEqualTo(pathParameters);
        }
    }

    @Test
    void theErrorCodeEnumIsExactlyTheWalletsCodes() {
        Map<String, Object> error = document.component("#/components/schemas/Error");
        assertThat(error.toString()).contains("enum");
        Set<String> documented = new TreeSet<>();
        Matcher codes = CODE.matcher(String.valueOf(error));
        while (codes.find()) {
            documented.add(codes.group());
        }
        Set<String> actual = Arrays.stream(WalletError.values()).map(Enum::name).collect(Collectors.toSet());
        assertThat(documented).isEqualTo(actual);
    }

    /**
     * Each component response (BadRequest, NotFound, …) names the codes it carries; wherever an operation uses it,
     * the status must be the one ErrorResponses gives those codes. And every code is carried by some response.
     */
    @Test
    void everyCodeIsDocumentedUnderTheStatusItIsAnsweredWith() {
        Map<String, String> descriptions = document.responseDescriptions();
        Set<String> documentedCodes = new TreeSet<>();
        for (Router.Route route : routes) {
            document.responseReferences(route.method(), route.path()).forEach((status, response) -> {
                for (WalletError code : WalletError.values()) {
                    if (mentions(descriptions.get(response), code)) {
                        documentedCodes.add(code.name());
                        assertThat(String.valueOf(ErrorResponses.status(code)))
                                .as(code + " in " + response + " under " + route.method() + " " + route.path())
                                .isEqualTo(status);
                    }
                }
            });
        }
        Set<String> routeLevel = Set.of(WalletError.METHOD_NOT_ALLOWED.name());
        Set<String> expected = Arrays.stream(WalletError.values()).map(Enum::name)
                .filter(code -> !routeLevel.contains(code)).collect(Collectors.toCollection(TreeSet::new));
        assertThat(documentedCodes).isEqualTo(expected);
        assertThat(OpenApiDocument.resourceText()).containsPattern("405\\s+METHOD_NOT_ALLOWED");
    }

    private static boolean mentions(String description, WalletError code) {
        return Pattern.compile("\\b" + code.name() + "\\b").matcher(description).find();
    }
}
