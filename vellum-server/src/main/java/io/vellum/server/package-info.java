/**
 * The server: {@link io.vellum.server.VellumServer} serves the QLDB Session API, the QLDB control plane, the native
 * API, {@code /metrics} and {@code /health} on one HTTP(S) port over the ledgers in {@code <data>/ledgers/}. This
 * package holds two things: the HTTP plumbing every API shares (the one Jetty handler {@code RequestRouter}, the
 * {@link io.vellum.server.http.Endpoint} seam with {@link io.vellum.server.http.HttpRequest} / {@link io.vellum.server.http.HttpResponse},
 * {@link io.vellum.server.http.InputLimits}, {@link io.vellum.server.http.ConnectionLimits}, strict UTF-8 and Ion/JSON input,
 * AWS-shaped errors), and the hosting of ledgers ({@link io.vellum.server.hosting.LedgerRegistry},
 * {@link io.vellum.server.hosting.LedgerHosting}, {@link io.vellum.server.hosting.DataDirectoryLock}, imports, journal outputs).
 *
 * <p>Contracts: every request is read whole within {@code InputLimits} and authenticated (SigV4, package
 * {@code auth}) before an endpoint sees it; an error answer never carries a stack trace, a Java class name, a library
 * message or a file path ({@link io.vellum.server.http.ClientErrorText}, {@link io.vellum.server.http.InternalFailures}: an
 * unexpected failure is a 500 naming only the request id, logged once under that id); a commit that was acknowledged
 * is durable before its response is written.
 *
 * <p>May use: the engine's public API ({@code io.vellum.engine}, {@code export}, {@code signing}, {@code files}; never
 * its internals), vellum-kafka's public API (never Kafka itself), vellum-cluster, Jetty, Jackson, ion-java, SLF4J.
 * This is the only package of the server that knows Jetty (the server's {@code ArchitectureTest}); the API packages
 * ({@code session}, {@code control}, {@code nativeapi}, {@code metrics}, {@code exports}) see HTTP only through
 * {@code Endpoint}.
 */
package io.vellum.server;

import io.vellum.server.hosting.DataDirectoryLock;
import io.vellum.server.hosting.LedgerHosting;
import io.vellum.server.hosting.LedgerRegistry;
import io.vellum.server.http.ClientErrorText;
import io.vellum.server.http.ConnectionLimits;
import io.vellum.server.http.Endpoint;
import io.vellum.server.http.HttpRequest;
import io.vellum.server.http.HttpResponse;
import io.vellum.server.http.InputLimits;
import io.vellum.server.http.InternalFailures;
