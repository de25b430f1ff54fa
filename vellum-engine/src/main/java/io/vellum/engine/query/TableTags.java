package io.vellum.engine.query;

import com.amazon.ion.IonText;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonValue;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.Map;
import java.util.TreeMap;

/**
 * QLDB's rules for a table's tags (tagging.html, TagResource): at most 50 per table; keys of 1 to 128 characters, not
 * starting with the reserved {@code aws:}; values of 0 to 256 characters. The same rules as a ledger's tags.
 */
public final class TableTags {
    public static final int MAXIMUM_TAGS = 50;
    public static final int MAXIMUM_KEY_LENGTH = 128;
    public static final int MAXIMUM_VALUE_LENGTH = 256;

    private TableTags() {
    }

    /**
     * The tags of {@code CREATE TABLE … WITH (aws_tags = `{'key': 'value', …}`)}: an Ion struct whose values are text
     * (strings, or symbols as QLDB's single-quoted examples are in Ion).
     *
     * @throws LedgerException INVALID_REQUEST naming the member that is not a string, a key given twice, or the rule
     *                         of {@link #check} that is broken
     */
    public static Map<String, String> fromIon(IonValue value) {
        if (!(value instanceof IonStruct struct) || struct.isNullValue()) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "aws_tags must be an Ion struct of strings such as"
                    + " `{'environment': 'production'}`, not " + value);
        }
        Map<String, String> tags = new TreeMap<>();
        for (IonValue member : struct) {
            String key = member.getFieldName();
            // QLDB's examples quote values with single quotes, which inside backticks are Ion symbols.
            if (!(member instanceof IonText text) || text.isNullValue()) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "the value of tag '" + key
                        + "' in aws_tags must be a string, not " + member);
            }
            if (tags.put(key, text.stringValue()) != null) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "aws_tags gives the tag '" + key + "' twice");
            }
        }
        return check(tags);
    }

    /**
     * The tags, checked.
     *
     * @throws LedgerException INVALID_REQUEST naming the broken rule and the value
     */
    public static Map<String, String> check(Map<String, String> tags) {
        if (tags.size() > MAXIMUM_TAGS) {
            throw new LedgerException(ErrorCode.INVALID_REQUEST, "a table may have at most " + MAXIMUM_TAGS
                    + " tags; this would give it " + tags.size());
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            if (key == null || key.isEmpty() || key.length() > MAXIMUM_KEY_LENGTH) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "a tag key has 1 to " + MAXIMUM_KEY_LENGTH
                        + " characters, not " + (key == null ? 0 : key.length()));
            }
            if (key.startsWith("aws:")) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "tag keys starting with 'aws:' are reserved: '"
                        + key + "'");
            }
            if (tag.getValue() == null || tag.getValue().length() > MAXIMUM_VALUE_LENGTH) {
                throw new LedgerException(ErrorCode.INVALID_REQUEST, "the value of tag '" + key + "' must be present"
                        + " and have at most " + MAXIMUM_VALUE_LENGTH + " characters");
            }
        }
        return new TreeMap<>(tags);
    }
}
