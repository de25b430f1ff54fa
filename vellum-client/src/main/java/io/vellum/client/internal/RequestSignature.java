package io.vellum.client.internal;

/**
 * The outcome of signing one request with {@link SigV4Signer}. The intermediate texts are kept because they are
 * what a server compares when it rejects a signature, and what the AWS test suite publishes step by step.
 *
 * @param amzDate          the {@code X-Amz-Date} header value, {@code yyyyMMdd'T'HHmmss'Z'}
 * @param canonicalRequest the canonical request (task 1 of SigV4)
 * @param stringToSign     the string to sign (task 2)
 * @param authorization    the {@code Authorization} header value (tasks 3 and 4)
 */
public record RequestSignature(String amzDate, String canonicalRequest, String stringToSign, String authorization) {
}
