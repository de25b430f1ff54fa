/**
 * The wallet's JSON-over-HTTP API, served by Vellum's own thread-per-connection front ({@link WalletFrontRoutes}, the
 * default) or by a Jetty 12 core handler ({@link WalletHandler}, no servlets), both through one
 * {@link WalletDispatch}: routing, strict request parsing
 * (exact decimals, duplicate members refused, unknown fields refused, bounded bodies), the JSON shapes of results
 * and errors ({@code {"error":{"code","message","field"}}}), and the OpenAPI document served at
 * {@code /openapi.yaml}.
 */
package io.vellum.wallet.http;
