package io.vellum.client.internal;

import io.vellum.client.ConsumedIOs;
import io.vellum.client.TimingInformation;
import io.vellum.proof.hash.Hash;

/**
 * The server's answer to CommitTransaction: the transaction id and the commit digest it echoes (which the client
 * compares with its own), with the metrics it reported (null when absent).
 */
public record CommitAnswer(String transactionId, Hash commitDigest, ConsumedIOs consumedIOs,
                           TimingInformation timingInformation) {
}
