package io.sextant.engine.dashboard;

import io.sextant.engine.security.Visibility;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open event stream: its own bounded queue, written by at most one thread at a time. The queue
 * holds builders' suppliers because a builder is consumed by one send.
 */
final class Subscriber {

    private final SseEmitter emitter;
    private final String owner;
    private final Visibility visibility;
    private final BlockingQueue<Supplier<SseEmitter.SseEventBuilder>> queue;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private volatile long writingSince;
    private volatile boolean closed;
    private volatile boolean finished;

    Subscriber(SseEmitter emitter, String owner, Visibility visibility, int queueSize) {
        this.emitter = emitter;
        this.owner = owner;
        this.visibility = visibility;
        this.queue = new ArrayBlockingQueue<>(queueSize);
    }

    SseEmitter emitter() {
        return emitter;
    }

    String owner() {
        return owner;
    }

    /** What the caller who opened the stream may see, taken when it opened. */
    Visibility visibility() {
        return visibility;
    }

    /** Queues an event; false when the queue is full, which means this client does not keep up. */
    boolean offer(Supplier<SseEmitter.SseEventBuilder> event) {
        return !closed && queue.offer(event);
    }

    /** Makes the caller this stream's only writer until {@link #drain()} ends; false if one is at work. */
    boolean claim() {
        return claimed.compareAndSet(false, true);
    }

    /** Whether a writer is needed: messages are queued, or the stream was closed but not yet ended. */
    boolean hasWork() {
        return !finished && (closed || !queue.isEmpty());
    }

    /** Whether a write has been blocked for longer than {@code nanos}. */
    boolean writeBlockedFor(long nanos, long now) {
        long since = writingSince;
        return since != 0 && now - since > nanos;
    }

    /** Stops sending; the writer ends the stream (complete() would wait behind a blocked write). */
    void close() {
        closed = true;
        queue.clear();
    }

    /** Ends a stream no writer can serve; only by the holder of the {@link #claim() claim}. */
    void abandon() {
        close();
        finished = true;
        claimed.set(false);
        try {
            emitter.complete();
        } catch (RuntimeException alreadyGone) {
            // nothing left to end
        }
    }

    /** Run by the writer that {@link #claim() claimed} the stream: sends everything queued. */
    void drain() throws IOException {
        try {
            Supplier<SseEmitter.SseEventBuilder> next;
            while (!closed && (next = queue.poll()) != null) {
                writingSince = System.nanoTime() | 1; // never 0, which means "not writing"
                try {
                    emitter.send(next.get());
                } finally {
                    writingSince = 0;
                }
            }
            if (closed && !finished) {
                finished = true;
                emitter.complete();
            }
        } catch (IOException | RuntimeException broken) {
            finished = true;
            close();
            throw broken;
        } finally {
            claimed.set(false);
        }
    }
}
