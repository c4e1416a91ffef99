package dev.earlywarning.scorer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.earlywarning.scorer.domain.ContactFact.Journey;
import dev.earlywarning.scorer.domain.ContactFact.Outcome;
import dev.earlywarning.scorer.domain.ContactFact.Sentiment;
import dev.earlywarning.scorer.policy.PolicyLoader;

/** The churn risk beside the score: a logistic model whose factors add up, and the alert line's hysteresis. */
class ChurnRiskModelTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private final ChurnRiskModel model = new ChurnRiskModel();

    private static ScoringPolicy policy(double intercept, Map<String, Double> coefficients, double threshold,
                                        double recoverBelow) {
        ScoringPolicy base = PolicyLoader.builtIn().defaults();
        return base.withRisk(new ScoringPolicy.RiskModel(Duration.ofDays(90), intercept, coefficients))
                .withAlerting(new ScoringPolicy.Alerting(ScoringPolicy.Alerting.Mode.RISK, threshold, recoverBelow,
                        0.5, 50));
    }

    private static HealthAssessment health(int score, Instant at, Driver... drivers) {
        return new HealthAssessment(score, Band.WATCH, List.of(drivers), 1, "p", at);
    }

    private static Driver driver(String rule, double points, boolean critical) {
        return new Driver(rule, points, "", Level.CONTACT, List.of(), "Call", critical);
    }

    @Test
    void theFactorsAddUpToTheLogOddsAndTheProbabilityIsTheirLogistic() {
        ScoringPolicy p = policy(-4, Map.of("last-contact-experience", 0.5, "effort", 0.25,
                RiskFeatures.DAYS_SINCE_CONTACT, 0.1, RiskFeatures.EVENTS, -0.2), 0.2, 0.15);
        RelationshipState state = RelationshipState.empty("C-1")
                .apply(Facts.contact("e1", T0.minus(Duration.ofDays(9)), Sentiment.NEGATIVE, Outcome.UNRESOLVED, 6))
                .apply(Facts.contact("e2", T0.minus(Duration.ofDays(9)).plusSeconds(60), Sentiment.NEGATIVE,
                        Outcome.UNRESOLVED, null));
        HealthAssessment h = health(27, T0, driver("last-contact-experience", -55, false), driver("effort", -18, false));

        Risk risk = model.assess(state, h, p, false);

        // -4 + 0.5 * 5.5 + 0.25 * 1.8 + 0.1 * ln(1 + 9) - 0.2 * ln(1 + 2)
        double expected = -4 + 2.75 + 0.45 + 0.1 * Math.log(10) - 0.2 * Math.log(3);
        assertThat(risk.logOdds()).isCloseTo(expected, within(1e-3));
        assertThat(risk.baseLogOdds()).isEqualTo(-4);
        assertThat(risk.baseLogOdds() + risk.factors().stream().mapToDouble(Risk.Factor::logOdds).sum())
                .isCloseTo(risk.logOdds(), within(1e-3));
        assertThat(risk.probability()).isCloseTo(1 / (1 + Math.exp(-expected)), within(1e-4));
        assertThat(risk.factors()).extracting(Risk.Factor::name).containsExactly("last-contact-experience", "effort",
                RiskFeatures.DAYS_SINCE_CONTACT, RiskFeatures.EVENTS);
        assertThat(risk.factors().get(0).value()).isEqualTo(5.5);
        assertThat(risk.topRuleFactor()).map(Risk.Factor::name).contains("last-contact-experience");
        assertThat(risk.horizonDays()).isEqualTo(90);
    }

    @Test
    void theAlertLineHasHysteresisAndARedFlagKeepsACustomerAboveIt() {
        ScoringPolicy.Alerting line = new ScoringPolicy.Alerting(ScoringPolicy.Alerting.Mode.RISK, 0.2, 0.15, 0.5, 50);
        assertThat(ChurnRiskModel.alerting(0.19, false, false, line)).isFalse();
        assertThat(ChurnRiskModel.alerting(0.20, false, false, line)).isTrue();
        assertThat(ChurnRiskModel.alerting(0.16, true, false, line)).isTrue();
        assertThat(ChurnRiskModel.alerting(0.14, true, false, line)).isFalse();
        assertThat(ChurnRiskModel.alerting(0.01, false, true, line)).isTrue();
    }

    @Test
    void aPolicyNamingAnUnknownFeatureIsRefused() {
        assertThatThrownBy(() -> new ScoringPolicy.RiskModel(Duration.ofDays(90), -3, Map.of("tenure", 1.0)))
                .hasMessageContaining("Unknown risk feature 'tenure'");
        assertThatThrownBy(() -> new ScoringPolicy.Alerting(ScoringPolicy.Alerting.Mode.RISK, 0.1, 0.2, 0.5, 50))
                .hasMessageContaining("recoverBelow <= threshold <= criticalAt");
    }

    @Test
    void theRiskCrossingTheLineIsASignalWhoseCauseIsTheFactorThatRaisedItMost() {
        ScoringPolicy p = policy(-3, Map.of("repeat-contact", 0.4, "last-contact-experience", 0.2,
                RiskFeatures.DAYS_SINCE_CONTACT, 0.3), 0.25, 0.2);
        ChurnRiskDetector detector = new ChurnRiskDetector();
        RelationshipState state = RelationshipState.empty("C-1");
        HealthAssessment calm = health(90, T0).withRisk(model.assess(state, health(90, T0), p, false));
        HealthAssessment scored = health(40, T0, driver("last-contact-experience", -40, false),
                driver("repeat-contact", -30, false));
        HealthAssessment worried = scored.withRisk(model.assess(state, scored, p, calm.alerting()));
        assertThat(calm.alerting()).isFalse();
        assertThat(worried.alerting()).isTrue();

        ChurnRiskSignal raised = detector.detect(state, calm, worried, p, "e2").orElseThrow();
        assertThat(raised.trigger()).isEqualTo(ChurnRiskSignal.Trigger.RISK_THRESHOLD);
        assertThat(raised.kind()).isEqualTo(ChurnRiskSignal.Kind.RISK_RAISED);
        assertThat(raised.cause()).isEqualTo("repeat-contact");
        assertThat(raised.risk().probability()).isEqualTo(worried.risk().probability());
        assertThat(raised.severity()).isEqualTo(worried.risk().probability() >= 0.5
                ? ChurnRiskSignal.Severity.CRITICAL : ChurnRiskSignal.Severity.WARNING);
        // Still above the line: nothing new; back below the recovery line: recovered.
        assertThat(detector.detect(state, worried, worried, p, "e3")).isEmpty();
        HealthAssessment better = calm.withRisk(model.assess(state, health(90, T0), p, true));
        assertThat(detector.detect(state, worried, better, p, "e4")).map(ChurnRiskSignal::kind)
                .contains(ChurnRiskSignal.Kind.RECOVERED);
    }

    @Test
    void withinTheQuietPeriodAfterARecoveryOnlyARedFlagRaisesAnAlert() {
        ScoringPolicy base = policy(-3, Map.of("repeat-contact", 0.4, "last-contact-experience", 0.2), 0.25, 0.2);
        ScoringPolicy.Alerting line = base.alerting();
        ScoringPolicy p = base.withAlerting(new ScoringPolicy.Alerting(line.mode(), line.threshold(), line.recoverBelow(),
                line.criticalAt(), line.budgetPerThousand(), Duration.ofDays(90)));
        ChurnRiskDetector detector = new ChurnRiskDetector();
        Instant recovered = T0.minus(Duration.ofDays(30));
        RelationshipState state = RelationshipState.empty("C-1").withRecoveredAt(recovered);
        HealthAssessment calm = health(90, T0).withRisk(model.assess(state, health(90, T0), p, false));
        HealthAssessment scored = health(40, T0, driver("last-contact-experience", -40, false),
                driver("repeat-contact", -30, false));
        HealthAssessment worried = scored.withRisk(model.assess(state, scored, p, false));
        assertThat(worried.alerting()).isTrue();

        // 30 days after its recovery, crossing the line again raises nothing...
        assertThat(detector.detect(state, calm, worried, p, "e2")).isEmpty();
        // ...a red flag does...
        HealthAssessment flagged = health(30, T0, driver("repeat-contact", -40, true));
        flagged = flagged.withRisk(model.assess(state, flagged, p, false));
        assertThat(detector.detect(state, calm, flagged, p, "e3")).map(ChurnRiskSignal::trigger)
                .contains(ChurnRiskSignal.Trigger.CRITICAL_SIGNAL);
        // ...and once the quiet period is over, the line does too.
        RelationshipState longAgo = RelationshipState.empty("C-1").withRecoveredAt(T0.minus(Duration.ofDays(91)));
        assertThat(detector.detect(longAgo, calm, worried, p, "e4")).map(ChurnRiskSignal::trigger)
                .contains(ChurnRiskSignal.Trigger.RISK_THRESHOLD);
        // Without a quiet period (the default), the crossing 30 days after the recovery is a signal.
        assertThat(detector.detect(state, calm, worried, base, "e5")).map(ChurnRiskSignal::trigger)
                .contains(ChurnRiskSignal.Trigger.RISK_THRESHOLD);
    }

    @Test
    void theEngineRemembersWhenACustomerRecovered() {
        ScoringPolicy p = policy(-3, Map.of("last-contact-experience", 0.6), 0.25, 0.2);
        ScoringEngine engine = new ScoringEngine(new PolicyBook("t", p, Map.of()), HealthScorer.withAllRules(),
                new ChurnRiskDetector());
        engine.apply(Facts.contact("bad", T0, Sentiment.NEGATIVE, Outcome.UNRESOLVED, 7));
        assertThat(engine.customer("C-1").orElseThrow().health().alerting()).isTrue();
        assertThat(engine.customer("C-1").orElseThrow().state().recoveredAt()).isNull();
        Instant later = T0.plus(Duration.ofDays(2));
        List<ScoringEngine.Outcome> outcomes = engine.apply(Facts.contact("good", later, Sentiment.POSITIVE,
                Outcome.RESOLVED, 1));
        assertThat(outcomes).last().satisfies(o -> assertThat(o.signal()).map(ChurnRiskSignal::kind)
                .contains(ChurnRiskSignal.Kind.RECOVERED));
        assertThat(engine.customer("C-1").orElseThrow().state().recoveredAt()).isEqualTo(later);
    }

    @Test
    void aRenewalComingUpIsAFactorOfTheRiskAndTheEngineLooksAgainWhenItsMonthOpens() {
        Instant renewsAt = T0.plus(Duration.ofDays(100));
        ScoringPolicy p = policy(-4, Map.of(RiskFeatures.RENEWAL_AHEAD, 1.5, RiskFeatures.RENEWAL_PASSED, 0.5,
                RiskFeatures.RENEWAL_AHEAD + "-with-" + RiskFeatures.NEGATIVE_CONTACTS, 0.8), 0.5, 0.4);
        ScoringEngine engine = new ScoringEngine(new PolicyBook("t", p, Map.of()), HealthScorer.withAllRules(),
                new ChurnRiskDetector());
        engine.apply(Facts.contact("bad", T0, Sentiment.NEGATIVE, Outcome.RESOLVED, null));
        Risk far = engine.apply(Facts.fact("due", T0.plusSeconds(60), ContactFact.FactType.RENEWAL_DUE)
                .withEffectiveAt(renewsAt)).get(0).health().risk();
        assertThat(engine.customer("C-1").orElseThrow().state().renewsAt()).isEqualTo(renewsAt);
        assertThat(far.factors()).extracting(Risk.Factor::name).doesNotContain(RiskFeatures.RENEWAL_AHEAD);

        // The month before the renewal opens by time alone: a timer assesses the customer then.
        Instant monthBefore = renewsAt.minus(Duration.ofDays(30));
        assertThat(engine.nextTimer("C-1").orElseThrow()).isBeforeOrEqualTo(monthBefore);
        List<ScoringEngine.Outcome> atMonthBefore = engine.advanceTo(monthBefore);
        assertThat(atMonthBefore).last().satisfies(o -> assertThat(o.cause()).isEqualTo("timer@" + monthBefore));
        Risk near = atMonthBefore.get(atMonthBefore.size() - 1).health().risk();
        assertThat(near.factors()).extracting(Risk.Factor::name).contains(RiskFeatures.RENEWAL_AHEAD,
                RiskFeatures.RENEWAL_AHEAD + "-with-" + RiskFeatures.NEGATIVE_CONTACTS);
        assertThat(near.probability()).isGreaterThan(far.probability()).isLessThan(0.5);

        // Below the alert line, the windows' closing changes nothing seen: no timer for it; the customer's
        // next assessment takes it up ("ahead" gave way to "passed" on the date).
        List<ScoringEngine.Outcome> untilMonthAfter = engine.advanceTo(renewsAt.plus(Duration.ofDays(31)));
        assertThat(untilMonthAfter).extracting(ScoringEngine.Outcome::cause)
                .doesNotContain("timer@" + renewsAt, "timer@" + renewsAt.plus(Duration.ofDays(30)));
        Risk afterTheDate = engine.apply(Facts.contact("later", renewsAt.plus(Duration.ofDays(5)), Sentiment.NEUTRAL,
                Outcome.RESOLVED, null)).stream().filter(o -> o.event() != null).findFirst().orElseThrow()
                .health().risk();
        assertThat(afterTheDate.factors()).extracting(Risk.Factor::name).contains(RiskFeatures.RENEWAL_PASSED)
                .doesNotContain(RiskFeatures.RENEWAL_AHEAD);
    }

    @Test
    void aCustomerAboveTheLineIsAssessedWhenTheRenewalWindowsCloseSoItCanRecover() {
        Instant renewsAt = T0.plus(Duration.ofDays(100));
        ScoringPolicy p = policy(-4, Map.of(RiskFeatures.RENEWAL_AHEAD, 4.5, RiskFeatures.RENEWAL_PASSED, 3.8),
                0.5, 0.4);
        ScoringEngine engine = new ScoringEngine(new PolicyBook("t", p, Map.of()), HealthScorer.withAllRules(),
                new ChurnRiskDetector());
        engine.apply(Facts.contact("ok", T0, Sentiment.NEUTRAL, Outcome.RESOLVED, null));
        engine.apply(Facts.fact("due", T0.plusSeconds(60), ContactFact.FactType.RENEWAL_DUE).withEffectiveAt(renewsAt));

        List<ScoringEngine.Outcome> opened = engine.advanceTo(renewsAt.minus(Duration.ofDays(30)));
        assertThat(opened).last().satisfies(o -> {
            assertThat(o.health().alerting()).isTrue();
            assertThat(o.signal()).map(ChurnRiskSignal::kind).contains(ChurnRiskSignal.Kind.RISK_RAISED);
        });

        // On the date "passed" holds the risk above the line to recover below (0.45 > 0.4): looked at, no signal.
        List<ScoringEngine.Outcome> onTheDate = engine.advanceTo(renewsAt);
        assertThat(onTheDate).last().satisfies(o -> {
            assertThat(o.cause()).isEqualTo("timer@" + renewsAt);
            assertThat(o.health().risk().factors()).extracting(Risk.Factor::name)
                    .contains(RiskFeatures.RENEWAL_PASSED).doesNotContain(RiskFeatures.RENEWAL_AHEAD);
            assertThat(o.signal()).isEmpty();
        });

        // A month after the date both windows are closed and the customer recovers, by time alone.
        Instant monthAfter = renewsAt.plus(Duration.ofDays(30));
        List<ScoringEngine.Outcome> closed = engine.advanceTo(monthAfter);
        assertThat(closed).last().satisfies(o -> {
            assertThat(o.cause()).isEqualTo("timer@" + monthAfter);
            assertThat(o.health().risk().factors()).extracting(Risk.Factor::name)
                    .doesNotContain(RiskFeatures.RENEWAL_PASSED, RiskFeatures.RENEWAL_AHEAD);
            assertThat(o.signal()).map(ChurnRiskSignal::kind).contains(ChurnRiskSignal.Kind.RECOVERED);
        });
    }

    @Test
    void theRenewalFeaturesAreZeroWithoutADateAndCarryTheStateInTheirWindow() {
        RelationshipState state = RelationshipState.empty("C-1")
                .apply(Facts.contact("bad", T0, Sentiment.NEGATIVE, Outcome.UNRESOLVED, 6));
        HealthAssessment h = health(50, T0.plus(Duration.ofDays(10)), driver("effort", -20, false));
        double[] none = RiskFeatures.vector(state, h);
        int renewal = RiskFeatures.NAMES.indexOf(RiskFeatures.RENEWAL_AHEAD);
        for (int i = renewal; i < RiskFeatures.NAMES.size(); i++) {
            assertThat(none[i]).as(RiskFeatures.NAMES.get(i)).isZero();
        }
        RelationshipState dated = state.apply(Facts.fact("due", T0, ContactFact.FactType.RENEWAL_DUE)
                .withEffectiveAt(T0.plus(Duration.ofDays(25))));
        double[] x = RiskFeatures.vector(dated, h);
        assertThat(x[renewal]).isEqualTo(1);
        assertThat(x[RiskFeatures.NAMES.indexOf(RiskFeatures.RENEWAL_PASSED)]).isZero();
        for (String feature : RiskFeatures.STATE_FEATURES) {
            assertThat(x[RiskFeatures.NAMES.indexOf(RiskFeatures.RENEWAL_AHEAD + "-with-" + feature)])
                    .isEqualTo(x[RiskFeatures.NAMES.indexOf(feature)]);
        }
        assertThat(x[RiskFeatures.NAMES.indexOf(RiskFeatures.RENEWAL_AHEAD + "-with-rules")]).isEqualTo(2.0);
    }

    @Test
    void theShippedPolicyRanksAThirdFailedCallAboveAQuietCustomer() {
        ScoringEngine engine = new ScoringEngine(PolicyLoader.builtIn(), HealthScorer.withAllRules(),
                new ChurnRiskDetector());
        engine.apply(Facts.call("q1", T0, ContactFact.Channel.PHONE, "Q", Sentiment.POSITIVE).withSegment("retail", true));
        double quiet = engine.customer("C-1").orElseThrow().health().risk().probability();
        ScoringEngine troubled = new ScoringEngine(PolicyLoader.builtIn(), HealthScorer.withAllRules(),
                new ChurnRiskDetector());
        for (int i = 0; i < 3; i++) {
            troubled.apply(Facts.call("t" + i, T0.plus(Duration.ofDays(i)), ContactFact.Channel.PHONE, "CASE-1",
                    Sentiment.NEGATIVE).withSegment("retail", true).withCase("CASE-1", Journey.BILLING));
        }
        Risk risk = troubled.customer("C-1").orElseThrow().health().risk();
        assertThat(risk.probability()).isGreaterThan(quiet);
        assertThat(risk.alerting()).isTrue();
    }
}
