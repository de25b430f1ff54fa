/**
 * Request authentication with AWS Signature Version 4, as the AWS SDKs, the CLI and the QLDB driver sign:
 * {@link io.vellum.server.auth.SignatureVerifier} rebuilds the canonical request from the request exactly as it
 * arrived ({@link io.vellum.server.auth.SignedRequest}, before any decoding) with vellum-sigv4's
 * {@link io.vellum.sigv4.CanonicalRequest} (the code vellum-client signs with) and compares signatures for the keys
 * in {@link io.vellum.server.auth.AccessKeys}; the outcome ({@link io.vellum.server.auth.AuthenticationResult}) is
 * the signer's access key id or the AWS error type and message to refuse with (403). The server's key pair lives in
 * {@code <data>/credentials} in the AWS shared-credentials format ({@link io.vellum.server.auth.CredentialsFile},
 * written owner-only).
 *
 * <p>May use: the JDK, vellum-sigv4, vellum-proof's error types and {@code io.vellum.engine.files}; no Jetty.
 */
package io.vellum.server.auth;
