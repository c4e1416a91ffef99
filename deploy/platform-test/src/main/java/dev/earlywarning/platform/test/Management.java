package dev.earlywarning.platform.test;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Requests to the test application's management interface ({@code /q/health}, {@code /q/metrics}),
 * which needs no token: a deployment keeps that port private.
 */
public final class Management {

    private Management() {
    }

    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }

    /** The port of the running test application's management interface. */
    public static int port() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class)
                .orElse(9001);
    }
}
