package io.vellum.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * AWS's published Signature Version 4 test suite (credentials {@code AKIDEXAMPLE} /
 * {@code wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY}, region {@code us-east-1}, service {@code service},
 * {@code 20150830T123600Z}) and the worked IAM example of the SigV4 documentation. The request lines are the
 * suite's {@code .req} files, whose paths are written unencoded; the expected values are its {@code .creq} and
 * {@code .authz} files.
 */
class SignatureTestSuiteTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String AMZ_DATE = "20150830T123600Z";
    private static final String EMPTY_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "get-vanilla | GET | / | | /",
        "get-vanilla-query-order-key-case | GET | / | Param2=value2&Param1=value1 | /",
        "get-vanilla-query-unreserved | GET | / | -._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz | /",
        "get-utf8 | GET | /\u1234 | | /%E1%88%B4",
        "get-space | GET | /example space/ | | /example%20space/",
        "get-unreserved | GET | /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz | | /-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        "normalize-path/get-relative | GET | /example/.. | | /",
        "normalize-path/get-relative-relative | GET | /example1/example2/../.. | | /",
        "normalize-path/get-slash-dot-slash | GET | /./ | | /",
        "normalize-path/get-slash-pointless-dot | GET | /./example | | /example",
        "post-vanilla | POST | / | | /",
    })
    void canonicalUriOfEachSuiteRequest(String name, String method, String path, String query, String canonicalUri) {
        assertThat(CanonicalRequest.uri(path)).as(name).isEqualTo(canonicalUri);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "get-vanilla | GET | / | | 5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        "get-vanilla-query-order-key-case | GET | / | Param2=value2&Param1=value1 | b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
        "get-vanilla-empty-query-key | GET | / | Param1=value1 | a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb",
        "get-vanilla-query-unreserved | GET | / | -._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz | 9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197",
        "get-utf8 | GET | /\u1234 | | 8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85",
        "get-vanilla-utf8-query | GET | / | \u1234=bar | 2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04",
        "get-space | GET | /example space/ | | 652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741",
        "post-vanilla | POST | / | | 5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
    })
    void suiteRequestsWithHostOnly(String name, String method, String path, String query, String signature) {
        String canonicalRequest = CanonicalRequest.of(method, path, query,
                "host:example.amazonaws.com\nx-amz-date:" + AMZ_DATE + "\n", "host;x-amz-date", EMPTY_HASH);
        assertThat(suiteSignature(canonicalRequest, "service")).as(name).isEqualTo(signature);
    }

    @Test
    void postXWwwFormUrlencodedMatchesEveryPublishedStep() {
        String body = "Param1=value1";
        String canonicalRequest = CanonicalRequest.of("POST", "/", null,
                "content-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:" + AMZ_DATE
                        + "\n", "content-type;host;x-amz-date",
                SignatureV4.sha256Hex(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(canonicalRequest).isEqualTo("POST\n/\n\n"
                + "content-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
                + "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
                + "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
        assertThat(SignatureV4.stringToSign(AMZ_DATE, SignatureV4.credentialScope("20150830", "us-east-1", "service"),
                canonicalRequest)).isEqualTo("AWS4-HMAC-SHA256\n20150830T123600Z\n"
                + "20150830/us-east-1/service/aws4_request\n"
                + "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281");
        assertThat(suiteSignature(canonicalRequest, "service"))
                .isEqualTo("ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
    }

    @Test
    void getHeaderValueTrimCollapsesInnerSpaces() {
        String canonicalRequest = CanonicalRequest.of("GET", "/", null, "host:example.amazonaws.com\nmy-header1:"
                + CanonicalRequest.headerValue(" value1") + "\nmy-header2:"
                + CanonicalRequest.headerValue(" \"a   b   c\"") + "\nx-amz-date:" + AMZ_DATE + "\n",
                "host;my-header1;my-header2;x-amz-date", EMPTY_HASH);
        assertThat(canonicalRequest).contains("my-header1:value1\nmy-header2:\"a b c\"\n");
        assertThat(suiteSignature(canonicalRequest, "service"))
                .isEqualTo("acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736");
    }

    /** "Examples of the complete Signature Version 4 signing process": the derived key and the signature. */
    @Test
    void iamListUsersDocumentationExample() {
        byte[] key = SignatureV4.signingKey(SECRET, "20150830", "us-east-1", "iam");
        assertThat(HexFormat.of().formatHex(key))
                .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
        String canonicalRequest = CanonicalRequest.of("GET", "/", "Action=ListUsers&Version=2010-05-08",
                "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n"
                        + "x-amz-date:" + AMZ_DATE + "\n", "content-type;host;x-amz-date", EMPTY_HASH);
        String stringToSign = SignatureV4.stringToSign(AMZ_DATE,
                SignatureV4.credentialScope("20150830", "us-east-1", "iam"), canonicalRequest);
        assertThat(stringToSign).endsWith(
                "\n20150830/us-east-1/iam/aws4_request\nf536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
        assertThat(SignatureV4.signature(key, stringToSign))
                .isEqualTo("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    }

    @Test
    void queryValuesAreDecodedToBytesAndEncodedAgain() {
        assertThat(CanonicalRequest.query("b=%2b&a=%7e&a=%e9&c")).isEqualTo("a=%E9&a=~&b=%2B&c=");
        assertThat(CanonicalRequest.query("x=a+b&x=%zz")).isEqualTo("x=%25zz&x=a%2Bb");
    }

    private static String suiteSignature(String canonicalRequest, String service) {
        return SignatureV4.signature(SignatureV4.signingKey(SECRET, "20150830", "us-east-1", service),
                SignatureV4.stringToSign(AMZ_DATE, SignatureV4.credentialScope("20150830", "us-east-1", service),
                        canonicalRequest));
    }
}
