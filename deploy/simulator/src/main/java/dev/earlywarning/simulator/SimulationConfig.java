package dev.earlywarning.simulator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that shapes a simulated population, read from one YAML file
 * ({@code deploy/simulator/simulation.yaml} is the default). Unknown keys are errors, so a typo
 * does not silently fall back to a default.
 */
public record SimulationConfig(long seed, int customers, Instant start, int days, double annualChurnRate,
                               double unrelatedChurnShare, Map<String, Segment> segments, Behaviour behaviour,
                               Latent latent, Decisions decisions, Calibration calibration) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** A customer segment: its share of the population and how its customers and service behave. */
    public record Segment(double share, double journeysPerMonth, double silentShare, double firstContactResolution,
                          double bondMean, Map<String, Double> channels) {
    }

    /** How often things happen. Probabilities are per occasion unless the name says per month or quarter. */
    public record Behaviour(double silentJourneyFactor, double repeatWhenUnresolved, double channelHop,
                            int abandonAfterWaitSeconds, double callbackPromised, double promiseKept,
                            double brokenPromiseRecorded, double complaintAfterFailures, double complaintResolvedWell,
                            double complaintReopened, double transactionalSurvey, double relationshipSurveyPerQuarter,
                            double outboundCampaignsPerMonth, double heavyMarketingShare, double heavyMarketingPerMonth,
                            double functionalContactsPerMonth, double sentimentRecorded, double sentimentMisread,
                            double switchingEnquiry, double enquiryWithoutLeaving) {
    }

    /** The latent relationship state: a bond on a log-odds scale, moved by experiences. */
    public record Latent(double bondSpread, double noisePerWeek, double reversionPerWeek, int forgottenAfterDays,
                         double erosionPerMonth, Impact impact, LastExperience lastExperience, Nps nps) {
    }

    /** What one experience does to the bond. */
    public record Impact(double positive, double neutral, double negative, double repeatFailure, double brokenPromise,
                         double complaintResolvedWell, double complaintHandledBadly, double unwantedOutbound) {
    }

    /** The extra weight of the most recent experience on a decision, fading with a half-life. */
    public record LastExperience(double positive, double neutral, double negative, double halfLifeDays) {
    }

    /** How an NPS answer (0–10) is read from the bond. */
    public record Nps(double centre, double slope, double noise) {
    }

    /** When customers decide whether to stay. */
    public record Decisions(double reconsiderAfterNegative, int reconsiderWithinDays, int cancelWithinDays) {
    }

    /** The domain page's figures the population is checked against. */
    public record Calibration(double repurchaseAfterNegative, double repurchaseAfterNeutral,
                              double repurchaseAfterPositive, double npsMuchContact, double npsLittleContact) {
    }

    public SimulationConfig {
        if (customers < 1 || days < 1) {
            throw new IllegalArgumentException("customers and days must be positive");
        }
        if (annualChurnRate <= 0 || annualChurnRate >= 1) {
            throw new IllegalArgumentException("annualChurnRate must be between 0 and 1");
        }
        if (segments == null || segments.isEmpty()) {
            throw new IllegalArgumentException("at least one segment is required");
        }
        double shares = segments.values().stream().mapToDouble(Segment::share).sum();
        if (Math.abs(shares - 1.0) > 1e-6) {
            throw new IllegalArgumentException("segment shares must add up to 1, not " + shares);
        }
        segments = new LinkedHashMap<>(segments);
    }

    public static SimulationConfig read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return YAML.readValue(in, SimulationConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read simulation config " + file + ": " + e.getMessage(), e);
        }
    }

    /** The default population shipped inside the jar (a copy of deploy/simulator/simulation.yaml). */
    public static SimulationConfig defaults() {
        try (InputStream in = SimulationConfig.class.getResourceAsStream("/simulation.yaml")) {
            return YAML.readValue(in, SimulationConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SimulationConfig withCustomers(int count) {
        return new SimulationConfig(seed, count, start, days, annualChurnRate, unrelatedChurnShare, segments,
                behaviour, latent, decisions, calibration);
    }

    public SimulationConfig withSeed(long newSeed) {
        return new SimulationConfig(newSeed, customers, start, days, annualChurnRate, unrelatedChurnShare, segments,
                behaviour, latent, decisions, calibration);
    }

    public SimulationConfig withPeriod(Instant newStart, int newDays) {
        return new SimulationConfig(seed, customers, newStart, newDays, annualChurnRate, unrelatedChurnShare, segments,
                behaviour, latent, decisions, calibration);
    }

    public Instant end() {
        return start.plusSeconds(days * 86_400L);
    }

    /** The config as YAML, for reports that must say what they came from. */
    public String toYaml() {
        try {
            return YAML.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
