package io.vellum.server.session;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.amazon.ion.IonValue;
import io.vellum.proof.hash.Hash;
import io.vellum.server.http.JsonProblems;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses and validates a batch request ({@link SessionBatch}) before anything is touched, with the Session API's
 * rules for every member ({@link CommandParser}: token and id patterns, statement length, ValueHolder parameters,
 * a 32-byte commit digest) and at most {@value #MAXIMUM_STATEMENTS} statements. Every violation is a
 * {@link SessionException#badRequest} naming the member. Stateless and thread-safe.
 */
final class BatchParser {
    static final int MAXIMUM_STATEMENTS = 1_000;
    private static final String EXPECTED = "a batch is {\"SessionToken\": …, \"TransactionId\": … (absent: start a"
            + " transaction), \"Statements\": [{\"Statement\": …, \"Parameters\": [{\"IonBinary\": …}]}],"
            + " \"CommitDigest\": … (absent: leave the transaction open)}";

    private BatchParser() {
    }

    static SessionBatch parse(byte[] body) {
        try (JsonParser json = CommandParser.openObject(body, EXPECTED)) {
            String token = null;
            String transactionId = null;
            List<SessionBatch.Statement> statements = null;
            Hash commitDigest = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (field) {
                    case "SessionToken" -> token = CommandParser.checkToken(
                            CommandParser.string(json, value, field), field);
                    case "TransactionId" -> transactionId = CommandParser.transactionId(
                            CommandParser.string(json, value, field), "");
                    case "Statements" -> statements = statements(json, value);
                    case "CommitDigest" -> commitDigest = CommandParser.digest(
                            CommandParser.string(json, value, field), field);
                    default -> throw SessionException.badRequest("Unknown member '" + field + "': " + EXPECTED);
                }
            }
            if (json.nextToken() != null) {
                throw SessionException.badRequest("The request body has content after its JSON object");
            }
            if (token == null) {
                throw SessionException.badRequest("SessionToken is required: " + EXPECTED);
            }
            if (commitDigest != null && transactionId == null) {
                // The commit digest is seeded from the transaction id, which the client learns only from the start.
                throw SessionException.badRequest("CommitDigest needs TransactionId: a batch that starts a"
                        + " transaction cannot commit it, because the digest is computed from the transaction id");
            }
            return new SessionBatch(token, transactionId, statements == null ? List.of() : statements, commitDigest);
        } catch (JsonProcessingException e) {
            throw SessionException.badRequest(JsonProblems.describe(e, "The request body"));
        } catch (IOException e) {
            throw SessionException.badRequest("The request body cannot be read as JSON");
        }
    }

    private static List<SessionBatch.Statement> statements(JsonParser json, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw SessionException.badRequest("Statements must be a JSON array, not " + CommandParser.describe(value));
        }
        List<SessionBatch.Statement> statements = new ArrayList<>();
        JsonToken element;
        while ((element = json.nextToken()) != JsonToken.END_ARRAY) {
            String path = "Statements[" + statements.size() + "]";
            if (statements.size() == MAXIMUM_STATEMENTS) {
                throw SessionException.badRequest("Statements has more than " + MAXIMUM_STATEMENTS
                        + " statements; send the rest in another batch");
            }
            if (element != JsonToken.START_OBJECT) {
                throw SessionException.badRequest(path + " must be an object, not " + CommandParser.describe(element));
            }
            String statement = null;
            List<IonValue> parameters = List.of();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken member = json.nextToken();
                if (member == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (field) {
                    case "Statement" -> statement = CommandParser.statement(
                            CommandParser.string(json, member, path + ".Statement"), path + ".Statement");
                    case "Parameters" -> parameters = CommandParser.parameters(json, member, path + ".Parameters");
                    default -> throw SessionException.badRequest("Unknown member '" + field + "' in " + path
                            + "; a statement has Statement and Parameters");
                }
            }
            if (statement == null) {
                throw SessionException.badRequest(path + ".Statement is required");
            }
            statements.add(new SessionBatch.Statement(statement, parameters));
        }
        return statements;
    }
}
