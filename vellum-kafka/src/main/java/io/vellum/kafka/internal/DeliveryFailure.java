package io.vellum.kafka.internal;

import io.vellum.kafka.StreamErrorCause;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidRequiredAcksException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Why a delivery attempt stopped, and whether retrying can help: recoverable failures turn the stream IMPAIRED and
 * are retried with backoff; the others turn it FAILED.
 */
public final class DeliveryFailure extends Exception {
    private final boolean recoverable;
    private final StreamErrorCause cause;

    public DeliveryFailure(boolean recoverable, StreamErrorCause cause, String message, Throwable error) {
        super(message, error);
        this.recoverable = recoverable;
        this.cause = cause;
    }

    public boolean recoverable() {
        return recoverable;
    }

    public StreamErrorCause errorCause() {
        return cause;
    }

    /**
     * Classifies an error from the producer, the follower or record building. Authorisation and authentication
     * failures, records or configurations Kafka refuses, and journal damage cannot be fixed by retrying; a missing
     * topic can (someone may create it), and so can everything that looks like an outage.
     */
    public static DeliveryFailure of(Throwable error) {
        Throwable e = error;
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof DeliveryFailure failure) {
            return failure;
        }
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (e instanceof AuthorizationException || e instanceof AuthenticationException) {
            return new DeliveryFailure(false, StreamErrorCause.KAFKA_ACCESS_DENIED, "Kafka denied access: " + text, e);
        }
        if (e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException
                || e instanceof InvalidTopicException || e instanceof SerializationException
                || e instanceof UnsupportedVersionException || e instanceof InvalidRequiredAcksException
                || e instanceof ConfigException) {
            return new DeliveryFailure(false, StreamErrorCause.KAFKA_RECORD_REJECTED, "Kafka refused: " + text, e);
        }
        if (e instanceof UnknownTopicOrPartitionException
                || (e instanceof TimeoutException && String.valueOf(e.getMessage()).contains("not present in metadata"))) {
            return new DeliveryFailure(true, StreamErrorCause.KAFKA_TOPIC_NOT_FOUND, "Kafka topic not found: " + text, e);
        }
        if (e instanceof KafkaException) {
            return new DeliveryFailure(true, StreamErrorCause.KAFKA_UNAVAILABLE, "Kafka unavailable: " + text, e);
        }
        if (e instanceof LedgerException ledgerError) {
            boolean damaged = ledgerError.code() == ErrorCode.CORRUPTION
                    || ledgerError.code() == ErrorCode.VERIFICATION_FAILED;
            return damaged
                    ? new DeliveryFailure(false, StreamErrorCause.LEDGER_DAMAGED, "journal damaged: " + text, e)
                    : new DeliveryFailure(true, StreamErrorCause.LEDGER_UNAVAILABLE, "ledger unavailable: " + text, e);
        }
        return new DeliveryFailure(true, StreamErrorCause.UNEXPECTED_ERROR, "unexpected error: " + text, e);
    }
}
