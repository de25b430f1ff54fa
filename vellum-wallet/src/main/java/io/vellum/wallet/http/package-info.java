/**
 * The wallet's JSON-over-HTTP API on a Jetty 12 core handler (no servlets): routing, strict request parsing
 * (exact decimals, duplicate members refused, unknown fields refused, bounded bodies), the JSON shapes of results
 * and errors ({@code {"error":{"code","message","field"}}}), and the OpenAPI document served at
 * {@code /openapi.yaml}.
 */
package io.vellum.wallet.http;
