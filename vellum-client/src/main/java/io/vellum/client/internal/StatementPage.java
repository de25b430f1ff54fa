package io.vellum.client.internal;

import com.amazon.ion.IonValue;
import io.vellum.client.ConsumedIOs;
import io.vellum.client.TimingInformation;
import java.util.List;

/**
 * One page of a statement's result: the answer to ExecuteStatement ({@code FirstPage}) or to FetchPage ({@code Page}),
 * with the metrics the server reported for it.
 *
 * @param values            the page's values, in order (a fresh, caller-owned list of fresh values)
 * @param nextPageToken     the token to fetch the next page with, or null on the last page
 * @param consumedIOs       null when the server sent none
 * @param timingInformation null when the server sent none
 */
public record StatementPage(List<IonValue> values, String nextPageToken, ConsumedIOs consumedIOs,
                            TimingInformation timingInformation) {
}
