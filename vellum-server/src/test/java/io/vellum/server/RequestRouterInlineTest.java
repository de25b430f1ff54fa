package io.vellum.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The byte search that decides whether a Session API request may be answered on the selector thread
 * ({@link RequestRouter#contains}): a body naming CommitTransaction anywhere must be found, or a commit would wait
 * for the disk on the thread that serves every other connection.
 */
class RequestRouterInlineTest {
    private static final byte[] COMMIT = bytes("CommitTransaction");

    @Test
    void findsTheWordAtTheStartInTheMiddleAndAtTheEnd() {
        assertTrue(RequestRouter.contains(bytes("CommitTransaction"), COMMIT));
        assertTrue(RequestRouter.contains(bytes("{\"SessionToken\":\"t\",\"CommitTransaction\":{}}"), COMMIT));
        assertTrue(RequestRouter.contains(bytes("xxCommitTransaction"), COMMIT));
        assertTrue(RequestRouter.contains(bytes("CommitTransactCommitTransaction"), COMMIT));
    }

    @Test
    void doesNotFindAPrefixOrAnotherCase() {
        assertFalse(RequestRouter.contains(bytes("CommitTransactio"), COMMIT));
        assertFalse(RequestRouter.contains(bytes("{\"ExecuteStatement\":{\"Statement\":\"SELECT 1\"}}"), COMMIT));
        assertFalse(RequestRouter.contains(bytes("committransaction"), COMMIT));
        assertFalse(RequestRouter.contains(new byte[0], COMMIT));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
