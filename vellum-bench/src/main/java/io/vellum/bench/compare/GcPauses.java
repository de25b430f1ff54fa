package io.vellum.bench.compare;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The stop-the-world collections of this JVM while it runs, on the {@link System#nanoTime()} scale, so that a
 * trace can tell how much of a slow transfer the collector paused. Concurrent collector work (which does not stop
 * the application) is left out. Thread-safe.
 */
final class GcPauses {
    /** One pause: when it started and ended ({@link System#nanoTime()}), and the collector's name. */
    record Pause(long startNanos, long endNanos, String collector) {
    }

    private final ConcurrentLinkedQueue<Pause> pauses = new ConcurrentLinkedQueue<>();
    /** {@link System#nanoTime()} at the JVM's start, as far as the uptime's milliseconds tell. */
    private final long jvmStartNanos;

    private GcPauses() {
        jvmStartNanos = System.nanoTime() - ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000;
    }

    /** Starts recording. */
    static GcPauses record() {
        GcPauses recorder = new GcPauses();
        NotificationListener listener = (notification, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                    (CompositeData) notification.getUserData());
            if (info.getGcName().contains("Concurrent") || info.getGcCause().contains("Concurrent")) {
                return; // not a pause
            }
            long start = recorder.jvmStartNanos + info.getGcInfo().getStartTime() * 1_000_000;
            long end = recorder.jvmStartNanos + info.getGcInfo().getEndTime() * 1_000_000;
            recorder.pauses.add(new Pause(start, Math.max(end, start), info.getGcName() + " (" + info.getGcCause()
                    + ")"));
        };
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
            }
        }
        return recorder;
    }

    /** Every pause recorded so far. */
    List<Pause> all() {
        return List.copyOf(pauses);
    }

    /** Milliseconds of pauses that overlap {@code [fromNanos, toNanos]}. */
    double pausedMillis(long fromNanos, long toNanos) {
        long paused = 0;
        for (Pause pause : pauses) {
            paused += Math.max(0, Math.min(toNanos, pause.endNanos()) - Math.max(fromNanos, pause.startNanos()));
        }
        return paused / 1e6;
    }
}
