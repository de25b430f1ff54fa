package io.vellum.server.session;

import com.amazon.ion.IonValue;
import io.vellum.proof.hash.Hash;
import java.util.List;

/** One parsed and validated SendCommand request (COMPATIBILITY.md §8.2): exactly one command, with its session token. */
sealed interface SessionCommand {
    /** The command's member name, e.g. {@code ExecuteStatement}. */
    String name();

    /** The session token; null only for StartSession. */
    String sessionToken();

    record StartSession(String ledgerName) implements SessionCommand {
        @Override
        public String name() {
            return "StartSession";
        }

        @Override
        public String sessionToken() {
            return null;
        }
    }

    record StartTransaction(String sessionToken) implements SessionCommand {
        @Override
        public String name() {
            return "StartTransaction";
        }
    }

    /** @param parameters decoded parameters, one Ion value each, in order */
    record ExecuteStatement(String sessionToken, String transactionId, String statement, List<IonValue> parameters)
            implements SessionCommand {
        @Override
        public String name() {
            return "ExecuteStatement";
        }
    }

    record FetchPage(String sessionToken, String transactionId, String nextPageToken) implements SessionCommand {
        @Override
        public String name() {
            return "FetchPage";
        }
    }

    record CommitTransaction(String sessionToken, String transactionId, Hash commitDigest) implements SessionCommand {
        @Override
        public String name() {
            return "CommitTransaction";
        }
    }

    record AbortTransaction(String sessionToken) implements SessionCommand {
        @Override
        public String name() {
            return "AbortTransaction";
        }
    }

    record EndSession(String sessionToken) implements SessionCommand {
        @Override
        public String name() {
            return "EndSession";
        }
    }
}
