package io.vellum.engine.query;

import com.amazon.ion.IonStruct;

/**
 * One revision of a document as a statement sees it.
 *
 * @param documentId    the document's id
 * @param version       the revision's version (0 for the first)
 * @param data          the user data; {@code null} for a delete revision
 * @param committedView the whole revision as {@code _ql_committed_T} and {@code history()} show it:
 *                      {@code {blockAddress, hash, data, metadata:{id, version, txTime, txId}}}; for a revision
 *                      written earlier in the same transaction, {@code blockAddress} and {@code hash} are absent
 */
public record StoredDocument(String documentId, long version, IonStruct data, IonStruct committedView) {
}
