package io.vellum.engine.query;

import com.amazon.ion.IonStruct;
import java.util.function.Supplier;

/**
 * One revision of a document as a statement sees it.
 *
 * @param documentId    the document's id
 * @param version       the revision's version (0 for the first)
 * @param data          the user data; {@code null} for a delete revision
 * @param view          supplies the committed view ({@link #committedView()}): the whole revision as
 *                      {@code _ql_committed_T} and {@code history()} show it,
 *                      {@code {blockAddress, hash, data, metadata:{id, version, txTime, txId}}}; for a revision
 *                      written earlier in the same transaction, {@code blockAddress} and {@code hash} are absent
 */
public record StoredDocument(String documentId, long version, IonStruct data, Supplier<IonStruct> view) {

    /** A document whose committed view is already built. */
    public StoredDocument(String documentId, long version, IonStruct data, IonStruct committedView) {
        this(documentId, version, data, () -> committedView);
    }

    /** The whole revision (see the record description); built on first use when the view was given lazily. */
    public IonStruct committedView() {
        return view.get();
    }

    /**
     * A document whose committed view is built by {@code build} on first use and then kept: most statements read
     * only {@code data}, so a revision cached straight from a commit is never decoded unless a query asks for its
     * metadata, history or block address. {@code build} must return a read-only value; a race may build it twice.
     */
    public static StoredDocument withLazyView(String documentId, long version, IonStruct data,
                                              Supplier<IonStruct> build) {
        return new StoredDocument(documentId, version, data, new Supplier<>() {
            private volatile IonStruct built;

            @Override
            public IonStruct get() {
                IonStruct view = built;
                if (view == null) {
                    view = build.get();
                    built = view;
                }
                return view;
            }
        });
    }
}
