package dev.earlywarning.ingest;

import dev.earlywarning.platform.test.PlatformTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every @QuarkusTest of this module runs against the JVM's real Kafka broker. */
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL)
public final class RealPlatform {

    private RealPlatform() {
    }
}
