package io.vellum.kafka.internal;

import com.amazon.ion.IonBool;
import com.amazon.ion.IonInt;
import com.amazon.ion.IonStruct;
import com.amazon.ion.IonSystem;
import com.amazon.ion.IonText;
import com.amazon.ion.IonTimestamp;
import com.amazon.ion.IonValue;
import com.amazon.ion.Timestamp;
import io.vellum.engine.files.OwnerOnlyFiles;
import io.vellum.kafka.KafkaTarget;
import io.vellum.kafka.KinesisConfiguration;
import io.vellum.kafka.StreamDefinition;
import io.vellum.kafka.StreamErrorCause;
import io.vellum.kafka.StreamFormat;
import io.vellum.kafka.StreamRequest;
import io.vellum.kafka.StreamStatus;
import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The streams' files: one {@code <streamId>.ion} per stream in one directory, Ion text, holding the definition,
 * the status and the position (the only class of this module that touches files).
 *
 * <pre>
 * {formatVersion:1, streamId, arn, ledgerName, creationTime,
 *  streamName, inclusiveStartTime, exclusiveEndTime?, target:{bootstrapServers, topic, producerProperties:{…}},
 *  format, kinesisConfiguration?:{streamArn, aggregationEnabled}, roleArn?, tags:{…},
 *  status, errorCause?, errorMessage?, nextSequenceNo, createdAcknowledged}
 * </pre>
 * Times are Ion timestamps with the {@link Instant}'s full precision.
 *
 * <p>Durability: {@link #write} returns after the new content is on disk and has replaced the old one atomically
 * (temporary file, force, rename, force of the directory), so a crash leaves either the old or the new state, never
 * a mix. Files are created owner-only where the file system supports POSIX permissions (producer properties may
 * hold credentials). Thread-safe for different streams; one stream's writes must not run concurrently.
 */
public final class StreamStore {
    private static final int FORMAT_VERSION = 1;
    private static final String SUFFIX = ".ion";
    private static final String TEMPORARY_SUFFIX = ".ion.partial";
    private static final IonSystem ION = SharedIon.SYSTEM;

    /** Told of every state this store wrote through {@link #write} (a cluster replicates it). */
    public interface Listener {
        void written(StreamState state);
    }

    private final Path directory;
    private final Listener listener;

    /** Uses (and creates when absent) {@code directory}; removes temporary files a crash left behind. */
    public StreamStore(Path directory) {
        this(directory, state -> { });
    }

    /** As {@link #StreamStore(Path)}; {@code listener} hears of every {@link #write} after it is durable. */
    public StreamStore(Path directory, Listener listener) {
        this.directory = directory;
        this.listener = listener;
        try {
            OwnerOnlyFiles.createDirectories(directory);
            try (Stream<Path> files = Files.list(directory)) {
                for (Path leftover : files.filter(p -> p.getFileName().toString().endsWith(TEMPORARY_SUFFIX)).toList()) {
                    Files.deleteIfExists(leftover);
                }
            }
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot use stream directory " + directory + ": " + e, e);
        }
    }

    /** Every stream's state, in no particular order. */
    public List<StreamState> readAll() {
        List<StreamState> states = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                states.add(read(file));
            }
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot list stream directory " + directory + ": " + e, e);
        }
        return states;
    }

    /** Replaces the stream's file with {@code state}, durably and atomically, then tells the listener. */
    public void write(StreamState state) {
        writeLocally(state);
        listener.written(state);
    }

    /** {@link #write} without telling the listener: for a state that came from the listener's other end. */
    public void writeLocally(StreamState state) {
        String streamId = state.definition().streamId();
        Path target = directory.resolve(streamId + SUFFIX);
        Path temporary = directory.resolve(streamId + TEMPORARY_SUFFIX);
        byte[] content = encode(state).toPrettyString().getBytes(StandardCharsets.UTF_8);
        try {
            Files.deleteIfExists(temporary);
            createOwnerOnly(temporary);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel directoryChannel = FileChannel.open(directory, StandardOpenOption.READ)) {
                directoryChannel.force(true);
            }
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot write stream file " + target + ": " + e, e);
        }
    }

    /** Removes a stream's file (its ledger was deleted). */
    public void delete(String streamId) {
        try {
            Files.deleteIfExists(directory.resolve(streamId + SUFFIX));
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot delete stream file of " + streamId + ": " + e, e);
        }
    }

    private static void createOwnerOnly(Path file) throws IOException {
        try {
            OwnerOnlyFiles.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("temporary file " + file + " appeared while writing", e);
        }
    }

    /** The state as the bytes of its file (Ion text), for replication. */
    public static byte[] bytes(StreamState state) {
        return encode(state).toPrettyString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A state from {@link #bytes}.
     *
     * @throws LedgerException CORRUPTION when the bytes are not a stream state
     */
    public static StreamState fromBytes(byte[] bytes) {
        try {
            IonValue value = ION.singleValue(new String(bytes, StandardCharsets.UTF_8));
            if (!(value instanceof IonStruct struct)) {
                throw new IllegalArgumentException("not a struct");
            }
            return decode(struct);
        } catch (RuntimeException e) {
            throw new LedgerException(ErrorCode.CORRUPTION, "a replicated stream state is damaged: " + e.getMessage(),
                    e);
        }
    }

    static IonStruct encode(StreamState state) {
        StreamDefinition definition = state.definition();
        StreamRequest request = definition.request();
        IonStruct struct = ION.newEmptyStruct();
        struct.put("formatVersion").newInt(FORMAT_VERSION);
        struct.put("streamId").newString(definition.streamId());
        struct.put("arn").newString(definition.arn());
        struct.put("ledgerName").newString(definition.ledgerName());
        struct.put("creationTime").newTimestamp(timestamp(definition.creationTime()));
        struct.put("streamName").newString(request.streamName());
        struct.put("inclusiveStartTime").newTimestamp(timestamp(request.inclusiveStartTime()));
        if (request.exclusiveEndTime() != null) {
            struct.put("exclusiveEndTime").newTimestamp(timestamp(request.exclusiveEndTime()));
        }
        IonStruct target = struct.put("target").newEmptyStruct();
        target.put("bootstrapServers").newString(request.target().bootstrapServers());
        target.put("topic").newString(request.target().topic());
        putStrings(target.put("producerProperties").newEmptyStruct(), request.target().producerProperties());
        struct.put("format").newString(request.format().name());
        if (request.kinesisConfiguration() != null) {
            IonStruct kinesis = struct.put("kinesisConfiguration").newEmptyStruct();
            kinesis.put("streamArn").newString(request.kinesisConfiguration().streamArn());
            kinesis.put("aggregationEnabled").newBool(request.kinesisConfiguration().aggregationEnabled());
        }
        if (request.roleArn() != null) {
            struct.put("roleArn").newString(request.roleArn());
        }
        putStrings(struct.put("tags").newEmptyStruct(), request.tags());
        struct.put("status").newString(definition.status().name());
        if (definition.errorCause() != null) {
            struct.put("errorCause").newString(definition.errorCause().name());
            struct.put("errorMessage").newString(definition.errorMessage());
        }
        struct.put("nextSequenceNo").newInt(state.nextSequenceNo());
        struct.put("createdAcknowledged").newBool(state.createdAcknowledged());
        return struct;
    }

    private StreamState read(Path file) {
        try {
            IonValue value = ION.singleValue(Files.readString(file, StandardCharsets.UTF_8));
            if (!(value instanceof IonStruct struct)) {
                throw new IllegalArgumentException("not a struct");
            }
            return decode(struct);
        } catch (IOException e) {
            throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot read stream file " + file + ": " + e, e);
        } catch (RuntimeException e) {
            throw new LedgerException(ErrorCode.CORRUPTION, "stream file " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    static StreamState decode(IonStruct struct) {
        long version = integer(struct, "formatVersion");
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("formatVersion " + version + " is not " + FORMAT_VERSION);
        }
        IonStruct target = (IonStruct) required(struct, "target");
        KinesisConfiguration kinesis = null;
        if (struct.get("kinesisConfiguration") instanceof IonStruct kinesisStruct) {
            kinesis = new KinesisConfiguration(string(kinesisStruct, "streamArn"),
                    ((IonBool) required(kinesisStruct, "aggregationEnabled")).booleanValue());
        }
        StreamRequest request = new StreamRequest(
                string(struct, "streamName"),
                instant(struct, "inclusiveStartTime"),
                struct.containsKey("exclusiveEndTime") ? instant(struct, "exclusiveEndTime") : null,
                new KafkaTarget(string(target, "bootstrapServers"), string(target, "topic"),
                        strings((IonStruct) required(target, "producerProperties"))),
                StreamFormat.valueOf(string(struct, "format")),
                kinesis,
                struct.containsKey("roleArn") ? string(struct, "roleArn") : null,
                strings((IonStruct) required(struct, "tags")));
        StreamDefinition definition = new StreamDefinition(
                string(struct, "streamId"),
                string(struct, "arn"),
                string(struct, "ledgerName"),
                instant(struct, "creationTime"),
                request,
                StreamStatus.valueOf(string(struct, "status")),
                struct.containsKey("errorCause") ? StreamErrorCause.valueOf(string(struct, "errorCause")) : null,
                struct.containsKey("errorMessage") ? string(struct, "errorMessage") : null);
        return new StreamState(definition, integer(struct, "nextSequenceNo"),
                ((IonBool) required(struct, "createdAcknowledged")).booleanValue());
    }

    private static Timestamp timestamp(Instant instant) {
        // Instant.toString is ISO-8601 in UTC with exactly the precision the instant has: valid Ion timestamp text.
        return Timestamp.valueOf(instant.toString());
    }

    private static Instant instant(IonStruct struct, String field) {
        return Instant.parse(((IonTimestamp) required(struct, field)).timestampValue().toZString());
    }

    private static void putStrings(IonStruct struct, Map<String, String> values) {
        values.forEach((key, value) -> struct.put(key).newString(value));
    }

    private static Map<String, String> strings(IonStruct struct) {
        Map<String, String> values = new LinkedHashMap<>();
        for (IonValue value : struct) {
            values.put(value.getFieldName(), ((IonText) value).stringValue());
        }
        return values;
    }

    private static IonValue required(IonStruct struct, String field) {
        IonValue value = struct.get(field);
        if (value == null || value.isNullValue()) {
            throw new IllegalArgumentException("field " + field + " is missing");
        }
        return value;
    }

    private static String string(IonStruct struct, String field) {
        return ((IonText) required(struct, field)).stringValue();
    }

    private static long integer(IonStruct struct, String field) {
        return ((IonInt) required(struct, field)).longValue();
    }
}
