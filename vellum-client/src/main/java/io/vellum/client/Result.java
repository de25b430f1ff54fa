package io.vellum.client;

import com.amazon.ion.IonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The values a statement returned, in the server's order. Values arrive in pages: the first with the statement's
 * answer, the rest with FetchPage requests sent as iteration reaches them. Fetched values are kept, so a result can
 * be iterated more than once; iterating a very large result therefore holds it in memory.
 *
 * <p>Pages can only be fetched while the transaction is open. A result that the transaction function returns from
 * {@link VellumClient#execute} is read completely before the commit and stays usable afterwards; any other result
 * used after the function returned serves only the values already fetched and then throws
 * {@link IllegalStateException}.
 *
 * <p>Not thread-safe, like the transaction it belongs to. Iterators throw {@link LedgerServiceException} when a page
 * cannot be fetched.
 */
public interface Result extends Iterable<IonValue> {
    /** Whether the statement returned no value at all (fetches pages until it knows). */
    boolean isEmpty();

    /** The read and write I/Os reported for the pages fetched so far, if the server reported any. */
    Optional<ConsumedIOs> consumedIOs();

    /** The server processing time reported for the pages fetched so far, if the server reported any. */
    Optional<TimingInformation> timingInformation();

    /** Every value, fetching the remaining pages. */
    default List<IonValue> toList() {
        List<IonValue> values = new ArrayList<>();
        forEach(values::add);
        return values;
    }
}
