package io.vellum.server.session;

import com.amazon.ion.IonSystem;
import com.amazon.ion.IonValue;
import com.amazon.ion.system.IonSystemBuilder;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.vellum.proof.hash.Hash;
import io.vellum.error.LedgerException;
import io.vellum.server.http.InputLimits;
import io.vellum.server.http.IonInput;
import io.vellum.server.http.JsonProblems;
import io.vellum.server.hosting.LedgerNames;
import io.vellum.server.http.Utf8Text;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Parses and validates a SendCommand body (COMPATIBILITY.md §8.2) with Jackson's streaming parser, before anything is touched:
 * a request that fails here changes no state. Every violation is a {@link SessionException#badRequest} naming the
 * member and the rule: not a JSON object, duplicate or unknown members, zero or two commands, a missing session
 * token, a value of the wrong JSON type, a token, id or ledger name that breaks the model's length or pattern, a
 * statement over 100,000 characters, a parameter that is not base64, not one Ion value, or over 128 KB
 * (131,072 bytes of Ion binary; 1,048,576 characters of Ion text), a commit digest that is not 32 base64 bytes,
 * and anything beyond {@link InputLimits}: a body or string that is not well-formed UTF-8 (or holds an unpaired
 * surrogate escape), a parameter nested more than 100 levels or with a number over 1,000 characters.
 * Stateless and thread-safe.
 */
final class CommandParser {
    static final int MAXIMUM_STATEMENT_LENGTH = 100_000;
    static final int MAXIMUM_ION_BINARY_BYTES = 131_072;
    static final int MAXIMUM_ION_TEXT_LENGTH = 1_048_576;
    static final int TRANSACTION_ID_LENGTH = 22;
    private static final Set<String> COMMANDS = Set.of("StartSession", "StartTransaction", "ExecuteStatement",
            "FetchPage", "CommitTransaction", "AbortTransaction", "EndSession");
    private static final String EXPECTED = "a SendCommand request has an optional SessionToken and exactly one of"
            + " StartSession, StartTransaction, ExecuteStatement, FetchPage, CommitTransaction, AbortTransaction,"
            + " EndSession";
    private static final JsonFactory JSON = InputLimits.jsonFactory();
    static final IonSystem ION = IonSystemBuilder.standard().build();
    private static final String SESSION_PARAMETERS = "ExecuteStatement.Parameters";
    private static final String[] SESSION_PARAMETER_PATHS = new String[16];
    private static final String[] SESSION_PARAMETER_BINARY_PATHS = new String[16];

    static {
        for (int i = 0; i < SESSION_PARAMETER_PATHS.length; i++) {
            SESSION_PARAMETER_PATHS[i] = SESSION_PARAMETERS + "[" + i + "]";
            SESSION_PARAMETER_BINARY_PATHS[i] = SESSION_PARAMETER_PATHS[i] + ".IonBinary";
        }
    }

    /** Members of one command object, before we know which command they belong to. */
    static final class Members {
        String ledgerName;
        String transactionId;
        String statement;
        List<IonValue> parameters;
        String nextPageToken;
        Hash commitDigest;
    }

    private CommandParser() {
    }

    /**
     * Opens a request body that must be one JSON object, positioned after its opening brace: a request of the
     * Session API (one command) or of the native batch endpoint. Refuses, naming the rule and {@code expected} (the
     * shape the caller wants), an empty body, malformed UTF-8 and a body that is not an object. The caller closes it.
     */
    static JsonParser openObject(byte[] body, String expected) throws IOException {
        if (body.length == 0) {
            throw SessionException.badRequest("The request body is empty; " + expected);
        }
        // Strict UTF-8 first: Jackson accepts overlong forms (C0 80 as U+0000).
        Utf8Text.requireWellFormed(body, "The request body");
        JsonParser json = JSON.createParser(body);
        if (json.nextToken() != JsonToken.START_OBJECT) {
            json.close();
            throw SessionException.badRequest("The request body must be a JSON object; " + expected);
        }
        return json;
    }

    static SessionCommand parse(byte[] body) {
        // The drivers' compact bodies by hand; anything else (and so every JSON refusal) through Jackson.
        SessionCommand compact = CompactCommand.parse(body);
        return compact != null ? compact : parseWithJackson(body);
    }

    /** {@link #parse} with Jackson's streaming parser, whatever the body's shape. */
    static SessionCommand parseWithJackson(byte[] body) {
        try (JsonParser json = openObject(body, EXPECTED)) {
            String token = null;
            String command = null;
            Members members = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (field.equals("SessionToken")) {
                    token = string(json, value, "SessionToken");
                    continue;
                }
                if (!COMMANDS.contains(field)) {
                    throw SessionException.badRequest("Unknown member '" + field + "': " + EXPECTED);
                }
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (value != JsonToken.START_OBJECT) {
                    throw SessionException.badRequest(field + " must be a JSON object, not " + describe(value));
                }
                if (command != null) {
                    throw SessionException.badRequest("The request carries two commands, " + command + " and "
                            + field + ": " + EXPECTED);
                }
                command = field;
                members = members(json, field);
            }
            if (json.nextToken() != null) {
                throw SessionException.badRequest("The request body has content after its JSON object");
            }
            if (command == null) {
                throw SessionException.badRequest("The request carries no command: " + EXPECTED);
            }
            return build(command, token, members);
        } catch (JsonProcessingException e) {
            throw SessionException.badRequest(JsonProblems.describe(e, "The request body"));
        } catch (IOException e) {
            throw SessionException.badRequest("The request body cannot be read as JSON");
        }
    }

    /** Whether {@code name} is one of the commands. */
    static boolean isCommand(String name) {
        return COMMANDS.contains(name);
    }

    static SessionCommand build(String command, String token, Members members) {
        if (command.equals("StartSession")) {
            String violation = LedgerNames.violation(require(members.ledgerName, "StartSession.LedgerName"));
            if (violation != null) {
                throw SessionException.badRequest("StartSession.LedgerName is invalid: " + violation);
            }
            return new SessionCommand.StartSession(members.ledgerName);
        }
        if (token == null) {
            throw SessionException.badRequest("SessionToken is required for " + command
                    + "; only StartSession goes without one");
        }
        checkToken(token, "SessionToken");
        return switch (command) {
            case "StartTransaction" -> new SessionCommand.StartTransaction(token);
            case "ExecuteStatement" -> new SessionCommand.ExecuteStatement(token,
                    transactionId(members.transactionId, command),
                    require(members.statement, "ExecuteStatement.Statement"),
                    members.parameters == null ? List.of() : members.parameters);
            case "FetchPage" -> new SessionCommand.FetchPage(token, transactionId(members.transactionId, command),
                    checkToken(require(members.nextPageToken, "FetchPage.NextPageToken"), "FetchPage.NextPageToken"));
            case "CommitTransaction" -> new SessionCommand.CommitTransaction(token,
                    transactionId(members.transactionId, command),
                    require(members.commitDigest, "CommitTransaction.CommitDigest"));
            case "AbortTransaction" -> new SessionCommand.AbortTransaction(token);
            case "EndSession" -> new SessionCommand.EndSession(token);
            default -> throw new IllegalStateException("unhandled command " + command);
        };
    }

    private static Members members(JsonParser json, String command) throws IOException {
        Members members = new Members();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            // "Command.Field" names the member in every refusal; built only for one.
            Member member = member(command, field);
            switch (member) {
                case UNKNOWN -> throw SessionException.badRequest("Unknown member '" + field + "' in " + command);
                case PARAMETERS -> members.parameters = parameters(json, value, SESSION_PARAMETERS);
                default -> assign(members, member, string(json, value, command, field));
            }
        }
        return members;
    }

    /**
     * Sets the string member {@code member} (any but PARAMETERS and UNKNOWN) to {@code text}, checking what is
     * checked when the member is read: the statement's length, the commit digest's base64 and size.
     */
    static void assign(Members members, Member member, String text) {
        switch (member) {
            case LEDGER_NAME -> members.ledgerName = text;
            case TRANSACTION_ID -> members.transactionId = text;
            case STATEMENT -> members.statement = statement(text, "ExecuteStatement.Statement");
            case NEXT_PAGE_TOKEN -> members.nextPageToken = text;
            case COMMIT_DIGEST -> members.commitDigest = digest(text, "CommitTransaction.CommitDigest");
            default -> throw new IllegalArgumentException("not a string member: " + member);
        }
    }

    /** The members a command may have. */
    enum Member { LEDGER_NAME, TRANSACTION_ID, STATEMENT, PARAMETERS, NEXT_PAGE_TOKEN, COMMIT_DIGEST, UNKNOWN }

    /** Which member {@code field} is in {@code command}'s object; UNKNOWN when the command has no such member. */
    static Member member(String command, String field) {
        return switch (field) {
            case "LedgerName" -> command.equals("StartSession") ? Member.LEDGER_NAME : Member.UNKNOWN;
            case "TransactionId" -> command.equals("ExecuteStatement") || command.equals("FetchPage")
                    || command.equals("CommitTransaction") ? Member.TRANSACTION_ID : Member.UNKNOWN;
            case "Statement" -> command.equals("ExecuteStatement") ? Member.STATEMENT : Member.UNKNOWN;
            case "Parameters" -> command.equals("ExecuteStatement") ? Member.PARAMETERS : Member.UNKNOWN;
            case "NextPageToken" -> command.equals("FetchPage") ? Member.NEXT_PAGE_TOKEN : Member.UNKNOWN;
            case "CommitDigest" -> command.equals("CommitTransaction") ? Member.COMMIT_DIGEST : Member.UNKNOWN;
            default -> Member.UNKNOWN;
        };
    }

    /** {@link #string(JsonParser, JsonToken, String)} naming the member {@code command.field} only in a refusal. */
    private static String string(JsonParser json, JsonToken value, String command, String field) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw SessionException.badRequest(command + "." + field + " must be a JSON string, not " + describe(value));
        }
        String text = json.getText();
        if (Utf8Text.unpairedSurrogate(text) >= 0) {
            throw SessionException.badRequest(command + "." + field + " holds an unpaired UTF-16 surrogate escape;"
                    + " it is not a Unicode character");
        }
        return text;
    }

    static String statement(String statement, String path) {
        if (statement.isEmpty()) {
            throw SessionException.badRequest(path + " must not be empty");
        }
        if (statement.length() > MAXIMUM_STATEMENT_LENGTH) {
            throw SessionException.badRequest(path + " is " + statement.length()
                    + " characters; the limit is " + MAXIMUM_STATEMENT_LENGTH);
        }
        return statement;
    }

    static List<IonValue> parameters(JsonParser json, JsonToken value, String arrayPath) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw SessionException.badRequest(arrayPath + " must be a JSON array, not " + describe(value));
        }
        List<IonValue> parameters = new ArrayList<>();
        JsonToken element;
        while ((element = json.nextToken()) != JsonToken.END_ARRAY) {
            String path = elementPath(arrayPath, parameters.size());
            if (element != JsonToken.START_OBJECT) {
                throw SessionException.badRequest(path + " must be a ValueHolder object, not " + describe(element));
            }
            parameters.add(valueHolder(json, path));
        }
        return parameters;
    }

    /**
     * {@code arrayPath[index]}; the paths of the Session API's first parameters are made once, since each names its
     * parameter in any refusal of its value, and the Ion reading is handed that name whether or not it refuses.
     */
    private static String elementPath(String arrayPath, int index) {
        if (index < SESSION_PARAMETER_PATHS.length && arrayPath.equals(SESSION_PARAMETERS)) {
            return SESSION_PARAMETER_PATHS[index];
        }
        return arrayPath + "[" + index + "]";
    }

    private static IonValue valueHolder(JsonParser json, String path) throws IOException {
        IonValue parameter = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            IonValue decoded = switch (field) {
                case "IonBinary" -> {
                    String memberPath = memberPath(path, ".IonBinary");
                    yield ionBinary(string(json, value, memberPath), memberPath);
                }
                case "IonText" -> {
                    String memberPath = memberPath(path, ".IonText");
                    yield ionText(string(json, value, memberPath), memberPath);
                }
                default -> throw SessionException.badRequest("Unknown member '" + field + "' in " + path
                        + "; a ValueHolder has IonBinary or IonText");
            };
            if (parameter != null) {
                throw SessionException.badRequest(path + " has both IonBinary and IonText; set exactly one");
            }
            parameter = decoded;
        }
        if (parameter == null) {
            throw SessionException.badRequest(path + " has neither IonBinary nor IonText; set exactly one");
        }
        return parameter;
    }

    /** {@code path + member}, made once for the Session API's first parameters' {@code .IonBinary}. */
    private static String memberPath(String path, String member) {
        if (member.equals(".IonBinary")) {
            for (int i = 0; i < SESSION_PARAMETER_PATHS.length; i++) {
                if (SESSION_PARAMETER_PATHS[i] == path) {
                    return SESSION_PARAMETER_BINARY_PATHS[i];
                }
            }
        }
        return path + member;
    }

    /**
     * The Session API's parameter {@code index} given as {@code {"IonBinary": base64}}, decoded and refused as
     * {@link #parameters} decodes and refuses it.
     */
    static IonValue binaryParameter(String base64, int index) {
        return ionBinary(base64, memberPath(elementPath(SESSION_PARAMETERS, index), ".IonBinary"));
    }

    private static IonValue ionBinary(String base64, String path) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw SessionException.badRequest(path + " is not valid base64");
        }
        if (bytes.length > MAXIMUM_ION_BINARY_BYTES) {
            throw SessionException.badRequest(path + " is " + bytes.length + " bytes; a parameter may have at most "
                    + MAXIMUM_ION_BINARY_BYTES + " bytes (128 KB) of Ion binary");
        }
        if (!IonInput.isBinary(bytes)) {
            throw SessionException.badRequest(path + " is not Ion binary: it must start with the Ion 1.0 version"
                    + " marker E0 01 00 EA");
        }
        return single(bytes, null, path);
    }

    private static IonValue ionText(String text, String path) {
        if (text.isEmpty() || text.length() > MAXIMUM_ION_TEXT_LENGTH) {
            throw SessionException.badRequest(path + " has " + text.length() + " characters; it must have 1 to "
                    + MAXIMUM_ION_TEXT_LENGTH);
        }
        return single(null, text, path);
    }

    /** Exactly one top-level Ion value, read within {@link InputLimits} (depth, numbers, strict UTF-8). */
    private static IonValue single(byte[] binary, String text, String path) {
        try {
            return binary != null ? IonInput.singleBinary(ION, binary, path) : IonInput.singleText(ION, text, path);
        } catch (LedgerException e) {
            throw SessionException.badRequest(e.getMessage());
        }
    }

    static Hash digest(String base64, String path) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw SessionException.badRequest(path + " is not valid base64");
        }
        if (bytes.length != Hash.LENGTH) {
            throw SessionException.badRequest(path + " must be " + Hash.LENGTH
                    + " bytes (a SHA-256), not " + bytes.length);
        }
        return Hash.of(bytes);
    }

    static String transactionId(String id, String command) {
        String path = command.isEmpty() ? "TransactionId" : command + ".TransactionId";
        require(id, path);
        if (id.length() != TRANSACTION_ID_LENGTH || !matches(id, false)) {
            throw SessionException.badRequest(path + " must be " + TRANSACTION_ID_LENGTH
                    + " characters matching ^[A-Za-z-0-9]+$, not '" + abbreviate(id) + "'");
        }
        return id;
    }

    static String checkToken(String token, String path) {
        if (token.length() < 4 || token.length() > 1024 || !matches(token, true)) {
            throw SessionException.badRequest(path + " must be 4 to 1024 characters matching ^[A-Za-z-0-9+/=]+$,"
                    + " not '" + abbreviate(token) + "'");
        }
        return token;
    }

    private static boolean matches(String text, boolean base64Symbols) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || (base64Symbols && (c == '+' || c == '/' || c == '='));
            if (!allowed) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    private static <T> T require(T value, String path) {
        if (value == null) {
            throw SessionException.badRequest(path + " is required");
        }
        return value;
    }

    static String string(JsonParser json, JsonToken value, String path) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw SessionException.badRequest(path + " must be a JSON string, not " + describe(value));
        }
        String text = json.getText();
        if (Utf8Text.unpairedSurrogate(text) >= 0) {
            throw SessionException.badRequest(path + " holds an unpaired UTF-16 surrogate escape; it is not a"
                    + " Unicode character");
        }
        return text;
    }

    static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
