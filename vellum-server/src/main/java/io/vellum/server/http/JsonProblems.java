package io.vellum.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.Locale;

/**
 * Turns Jackson's parse failures into messages of our own: the broken rule (an {@link InputLimits} bound, a
 * duplicate member, or "not valid JSON") and the line and column, never Jackson's text, which names its classes
 * and configuration methods. Stateless.
 */
public final class JsonProblems {
    private JsonProblems() {
    }

    /** A message for {@code e}, met while reading {@code what} (e.g. "The request body"). */
    public static String describe(JsonProcessingException e, String what) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().toLowerCase(Locale.ROOT);
        String problem;
        if (e instanceof StreamConstraintsException || original.contains("exceeds the maximum")) {
            if (original.contains("nesting depth")) {
                problem = "nests arrays/objects more than " + InputLimits.MAXIMUM_NESTING_DEPTH
                        + " levels deep; the limit is " + InputLimits.MAXIMUM_NESTING_DEPTH;
            } else if (original.contains("number")) {
                problem = "has a number longer than " + InputLimits.MAXIMUM_NUMBER_LENGTH + " characters; the limit is "
                        + InputLimits.MAXIMUM_NUMBER_LENGTH;
            } else if (original.contains("string")) {
                problem = "has a string longer than " + InputLimits.MAXIMUM_STRING_LENGTH + " characters";
            } else {
                problem = "exceeds a reading limit (nesting " + InputLimits.MAXIMUM_NESTING_DEPTH + ", number length "
                        + InputLimits.MAXIMUM_NUMBER_LENGTH + ")";
            }
        } else if (original.startsWith("duplicate field")) {
            problem = "has a duplicate member" + quotedName(e.getOriginalMessage()) + "; each member may appear once";
        } else if (original.contains("utf-8") || original.contains("surrogate")) {
            problem = "is not well-formed UTF-8";
        } else {
            problem = "is not valid JSON";
        }
        JsonLocation location = e.getLocation();
        String where = location == null || location.getLineNr() < 0 ? ""
                : " (at line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return what + " " + problem + where;
    }

    /** " 'name'" from Jackson's "Duplicate field 'name'", or "". */
    private static String quotedName(String message) {
        int open = message.indexOf('\'');
        int close = message.lastIndexOf('\'');
        if (open < 0 || close <= open) {
            return "";
        }
        String name = message.substring(open + 1, close);
        return name.length() > 64 ? "" : " '" + name + "'";
    }
}
