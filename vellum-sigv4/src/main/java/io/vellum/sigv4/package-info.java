/**
 * AWS Signature Version 4 ({@code AWS4-HMAC-SHA256}) canonicalisation, written once for every side of Vellum that
 * signs or checks a request: vellum-client's signer, vellum-server's verifier (which the wallet and {@code /metrics}
 * use too). A signer and a verifier that canonicalise separately disagree on some request sooner or later; here
 * they cannot.
 *
 * <ul>
 *   <li>{@link io.vellum.sigv4.CanonicalRequest}: task 1 of SigV4, the canonical URI (the raw path normalised and
 *       percent-encoded again, as the AWS SDKs sign every service but S3), the canonical query string, canonical
 *       header values, and the canonical request they make up;</li>
 *   <li>{@link io.vellum.sigv4.SignatureV4}: tasks 2 to 4, the credential scope, the string to sign, the signing
 *       key derivation ({@code kSigning}) and the signature;</li>
 *   <li>{@link io.vellum.sigv4.UriEncoding}: RFC 3986 percent-encoding as AWS uses it.</li>
 * </ul>
 * The reference is the request the AWS SDK for Java v2 signs for QLDB ({@code doubleUrlEncode} and
 * {@code normalizePath} on); the tests compare against that signer and against AWS's published SigV4 test suite.
 *
 * <p>May use: the JDK and vellum-proof's {@code Sha256}; no I/O, no HTTP library. Everything is stateless; callers
 * cache signing keys as suits them (one day's key per signer, per access key and scope on a server).
 */
package io.vellum.sigv4;
