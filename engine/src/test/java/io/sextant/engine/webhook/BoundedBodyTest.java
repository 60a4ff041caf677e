package io.sextant.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The size cap holds while reading: an endless body is refused after one byte past the cap; so does the
 * deadline: a body still arriving when it passes is refused.
 */
class BoundedBodyTest {

    static final Duration MINUTE = Duration.ofMinutes(1);

    /** An endless body that counts what was read from it. */
    static final class Endless extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            read += len;
            return len;
        }
    }

    @Test
    void readsABodyUpToTheCap() throws Exception {
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[1024]), -1, 1024, MINUTE)).hasSize(1024);
        assertThat(BoundedBody.read(new ByteArrayInputStream(new byte[0]), 0, 1024, MINUTE)).isEmpty();
    }

    @Test
    void stopsReadingOneBytePastTheCap() {
        Endless endless = new Endless();

        assertThatThrownBy(() -> BoundedBody.read(endless, -1, 100_000, MINUTE))
                .isInstanceOf(BoundedBody.TooLarge.class).hasMessageContaining("max-payload-size");
        assertThat(endless.read).isEqualTo(100_001);
    }

    @Test
    void refusesADeclaredLengthOverTheCapWithoutReading() {
        Endless endless = new Endless();

        assertThatThrownBy(() -> BoundedBody.read(endless, 100_001, 100_000, MINUTE)).isInstanceOf(BoundedBody.TooLarge.class);
        assertThat(endless.read).isZero();
    }

    @Test
    void refusesABodyStillArrivingAfterTheDeadline() {
        InputStream trickle = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                b[off] = 'x';
                return 1;
            }
        };

        assertThatThrownBy(() -> BoundedBody.read(trickle, 1000, 100_000, Duration.ofMillis(100)))
                .isInstanceOf(BoundedBody.TooSlow.class).hasMessageContaining("sextant.webhooks.read-timeout");
    }
}
