package io.vellum.server.http;

import java.util.Locale;

/**
 * Which request content types the APIs take. Every API reads UTF-8 only, so a {@code charset} parameter naming
 * another encoding is refused (415) rather than misread. The Session API, whose clients (the QLDB drivers, the AWS
 * SDKs) always send {@code application/x-amz-json-1.0}, also refuses a media type that is not JSON; the control
 * plane and the native API take any media type (curl's {@code -d} sends {@code application/x-www-form-urlencoded})
 * and parse the body as their JSON. No content type at all is accepted everywhere. Stateless.
 */
public final class ContentTypes {
    private ContentTypes() {
    }

    /** Why {@code contentType} is refused, or null when it is acceptable. */
    public static String violation(String contentType, boolean sessionApi) {
        if (contentType == null || contentType.isBlank() || contentType.equals(AwsErrors.AWS_JSON_1_0)) {
            return null; // none, or exactly what the AWS SDKs send (no parameter, every API takes it)
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("charset=")) {
                String charset = parameter.substring("charset=".length()).replace("\"", "").strip();
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    return "Content-Type charset '" + abbreviate(charset) + "' is not supported; request bodies are"
                            + " UTF-8";
                }
            }
        }
        if (sessionApi && !mediaType.equals("application/x-amz-json-1.0") && !mediaType.equals(
                "application/x-amz-json-1.1") && !mediaType.equals("application/json")) {
            return "Content-Type '" + abbreviate(mediaType) + "' is not supported by the Session API; send"
                    + " application/x-amz-json-1.0";
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
