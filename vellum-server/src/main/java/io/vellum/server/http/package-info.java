/**
 * The HTTP plumbing every API of the server shares: the {@link io.vellum.server.http.Endpoint} seam with
 * {@link io.vellum.server.http.HttpRequest} / {@link io.vellum.server.http.HttpResponse} (and
 * {@link io.vellum.server.http.StreamingBody}), the seam both HTTP fronts call the one dispatch through
 * ({@link io.vellum.server.http.RequestRoutes}, {@link io.vellum.server.http.RoutedRequest}), reading a body within bounds without holding a thread
 * ({@link io.vellum.server.http.RequestBodyReader}, {@link io.vellum.server.http.ConnectionLimits},
 * {@link io.vellum.server.http.PeerConnectionLimit}), the input rules ({@link io.vellum.server.http.InputLimits},
 * strict UTF-8 {@link io.vellum.server.http.Utf8Text}, {@link io.vellum.server.http.IonInput},
 * {@link io.vellum.server.http.JsonProblems}, {@link io.vellum.server.http.ContentTypes},
 * {@link io.vellum.server.http.PercentEncoding}), request ids and the error answers
 * ({@link io.vellum.server.http.AwsErrors}, {@link io.vellum.server.http.ClientErrorText},
 * {@link io.vellum.server.http.InternalFailures}, body refusals {@link io.vellum.server.http.BodyRefusals}, the
 * answers to malformed requests {@link io.vellum.server.http.MalformedRequestAnswers}, Jetty's own errors as JSON
 * {@link io.vellum.server.http.JsonErrorHandler}), and the seam cluster mode forwards through
 * ({@link io.vellum.server.http.RequestForwarding}).
 *
 * <p>Contracts: every request body is read whole within {@code InputLimits} before an endpoint sees it; an error
 * answer never carries a stack trace, a Java class name, a library message or a file path ({@code ClientErrorText},
 * {@code InternalFailures}: an unexpected failure is a 500 naming only the request id, logged once under that id).
 *
 * <p>May use: Jetty, Jackson, ion-java, SLF4J, vellum-errors, vellum-sigv4; no other package of the server (it is the
 * bottom room: the root package, {@code front}, the API packages and {@code hosting} use it, never the other way round; the
 * server's {@code ArchitectureTest}). With the root package, the only package of the server that knows Jetty.
 */
package io.vellum.server.http;
