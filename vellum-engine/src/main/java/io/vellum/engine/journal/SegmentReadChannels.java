package io.vellum.engine.journal;

import io.vellum.error.ErrorCode;
import io.vellum.error.LedgerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only channels to segment files, shared by all readers, at most {@value #MAX_OPEN_CHANNELS} open at a time
 * (least recently used closed first) so that a long journal does not exhaust file descriptors.
 *
 * <p>Readers use positional reads, which need no lock. A channel can be closed under a reader: by eviction, or
 * because another thread was interrupted while reading it ({@link FileChannel} closes itself then, for everyone).
 * Such a read is retried on a freshly opened channel; only the interrupted thread itself fails. Readers never use
 * the writer's channel, so interrupting a reader cannot break appends.
 *
 * <p>A segment's header is verified each time a channel to it is opened.
 *
 * <p>Thread-safe.
 */
final class SegmentReadChannels implements AutoCloseable {
    /** A read against one segment's channel. */
    @FunctionalInterface
    interface ChannelRead<T> {
        T apply(FileChannel channel) throws IOException;
    }

    static final int MAX_OPEN_CHANNELS = 64;
    private static final int MAX_ATTEMPTS = 8;

    private final String journalName;
    private final Map<SegmentFile, FileChannel> channels = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;
    /**
     * Readers take no lock: a read that fails while a record rewrite ran ({@link Journal#rewrite}) is retried once
     * the rewrite is done, so a reader never reports a record torn by a rewrite as damage.
     */
    private final java.util.concurrent.locks.StampedLock rewriting = new java.util.concurrent.locks.StampedLock();

    SegmentReadChannels(String journalName) {
        this.journalName = journalName;
    }

    /**
     * Runs {@code read} against an open channel to {@code segment}.
     *
     * @throws LedgerException UNAVAILABLE on an I/O failure, an interrupt of this thread, or when closed;
     *                         CORRUPTION when the file is missing or its header is bad (and whatever {@code read}
     *                         throws)
     */
    <T> T read(SegmentFile segment, ChannelRead<T> read) {
        long stamp = rewriting.tryOptimisticRead();
        try {
            return readUnguarded(segment, read);
        } catch (LedgerException e) {
            if (stamp != 0 && rewriting.validate(stamp)) {
                throw e;
            }
            // A record rewrite ran meanwhile: the bytes read may have been half old, half new. Read again after it.
            long readStamp = rewriting.readLock();
            try {
                return readUnguarded(segment, read);
            } finally {
                rewriting.unlockRead(readStamp);
            }
        }
    }

    /** Blocks reads that would retry, for an in-place record rewrite; returns the stamp for {@link #endRewrite}. */
    long beginRewrite() {
        return rewriting.writeLock();
    }

    void endRewrite(long stamp) {
        rewriting.unlockWrite(stamp);
    }

    private <T> T readUnguarded(SegmentFile segment, ChannelRead<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.apply(channelTo(segment));
            } catch (ClosedByInterruptException e) {
                throw new LedgerException(ErrorCode.UNAVAILABLE, "interrupted while reading journal segment "
                        + segment.path(), e);
            } catch (ClosedChannelException e) {
                if (isClosed()) {
                    throw closedError(e);
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new LedgerException(ErrorCode.UNAVAILABLE, "journal segment " + segment.path()
                            + " kept being closed while being read (" + attempt + " attempts)", e);
                }
                // closed by eviction or by another thread's interrupt: reopen and retry
            } catch (NoSuchFileException e) {
                throw segment.corruption("the segment file is missing");
            } catch (IOException e) {
                throw new LedgerException(ErrorCode.UNAVAILABLE, "cannot read journal segment " + segment.path()
                        + ": " + e, e);
            }
        }
    }

    /** Reads and verifies {@code segment}'s header now, even if a channel to it was verified before. */
    void verifyHeader(SegmentFile segment) {
        read(segment, channel -> {
            verifyHeader(channel, segment);
            return null;
        });
    }

    private synchronized FileChannel channelTo(SegmentFile segment) throws IOException {
        if (closed) {
            throw closedError(null);
        }
        FileChannel channel = channels.get(segment);
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        channel = FileChannel.open(segment.path(), StandardOpenOption.READ);
        try {
            verifyHeader(channel, segment);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channels.put(segment, channel);
        if (channels.size() > MAX_OPEN_CHANNELS) {
            Iterator<FileChannel> leastRecentlyUsed = channels.values().iterator();
            FileChannel evicted = leastRecentlyUsed.next();
            leastRecentlyUsed.remove();
            evicted.close(); // a reader still using it retries on a new channel
        }
        return channel;
    }

    private static void verifyHeader(FileChannel channel, SegmentFile segment) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(SegmentHeader.SIZE);
        RecordFormat.readFully(channel, header, 0);
        SegmentHeader.verify(header.flip(), segment);
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private LedgerException closedError(Throwable cause) {
        return new LedgerException(ErrorCode.UNAVAILABLE, "journal " + journalName + " is closed", cause);
    }

    /** Closes every channel; reads in flight and later fail with UNAVAILABLE. */
    @Override
    public void close() throws IOException {
        List<FileChannel> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(channels.values());
            channels.clear();
        }
        IOException failure = null;
        for (FileChannel channel : open) {
            try {
                channel.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
