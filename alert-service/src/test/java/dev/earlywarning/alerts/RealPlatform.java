package dev.earlywarning.alerts;

import dev.earlywarning.platform.test.PlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every @QuarkusTest of this module runs against the JVM's real Kafka broker and PostgreSQL. */
@WithTestResource(value = PlatformTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "alert_service"))
public final class RealPlatform {

    private RealPlatform() {
    }
}
