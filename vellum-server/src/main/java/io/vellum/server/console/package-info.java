/**
 * The web console: a single-page application served from the jar at {@code /console} ({@link ConsoleFiles}; the
 * server's HTTP layer puts it ahead of the API router). Free of Jetty, like every package but the server's root.
 * The page holds no data and no secret, so it is served without a signature; everything it shows comes from the
 * native API under {@code /v1}, which the browser calls with requests it signs itself (AWS Signature V4, Web Crypto).
 * A strict Content-Security-Policy allows only same-origin scripts, styles and requests (no inline script, no eval).
 */
package io.vellum.server.console;
