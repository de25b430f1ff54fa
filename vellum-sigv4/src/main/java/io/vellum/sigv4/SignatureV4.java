package io.vellum.sigv4;

import io.vellum.proof.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Tasks 2 to 4 of AWS Signature Version 4: the string to sign over a {@link CanonicalRequest}, the signing key
 * derived from the secret, and the signature. Stateless; the signing key depends only on the secret, the day, the
 * region and the service, so callers cache it.
 */
public final class SignatureV4 {
    /** The algorithm named in the string to sign and the {@code Authorization} header. */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final HexFormat HEX = HexFormat.of();

    private SignatureV4() {
    }

    /** {@code date/region/service/aws4_request}; {@code date} is {@code yyyyMMdd}. */
    public static String credentialScope(String date, String region, String service) {
        return date + '/' + region + '/' + service + "/aws4_request";
    }

    /**
     * {@code AWS4-HMAC-SHA256 \n amzDate \n credentialScope \n hex(SHA-256(canonicalRequest))}.
     *
     * @param amzDate the {@code X-Amz-Date} value, {@code yyyyMMdd'T'HHmmss'Z'}
     */
    public static String stringToSign(String amzDate, String credentialScope, String canonicalRequest) {
        return ALGORITHM + '\n' + amzDate + '\n' + credentialScope + '\n'
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")}.
     *
     * @param date {@code yyyyMMdd}
     */
    public static byte[] signingKey(String secretAccessKey, String date, String region, String service) {
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    /** The signature: {@code hex(HMAC(signingKey, stringToSign))}, lower case. */
    public static String signature(byte[] signingKey, String stringToSign) {
        return HEX.formatHex(hmac(signingKey, stringToSign));
    }

    /** SHA-256 of {@code data} in lower-case hex, as SigV4 writes payload and canonical-request hashes. */
    public static String sha256Hex(byte[] data) {
        return HEX.formatHex(Sha256.digest(data));
    }

    private static byte[] hmac(byte[] key, String data) {
        return Sha256.hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }
}
