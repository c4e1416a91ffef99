package dev.earlywarning.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void neverGivesTheSamePortTwice() {
        // Closed at once, a probed port is often handed out again by the kernel straight away.
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            assertThat(ports.add(FreePorts.next())).as("port %d given twice", i).isTrue();
        }
    }
}
