package dev.earlywarning.simulator;

import dev.earlywarning.simulator.SimulationConfig.Behaviour;
import dev.earlywarning.simulator.SimulationConfig.Latent;
import dev.earlywarning.simulator.SimulationConfig.Segment;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * One customer's year, as a discrete-event simulation. The customer has a latent bond (log-odds of
 * wanting to stay) that experiences move, noise shakes, time without attention erodes, and that
 * slowly returns to where the customer started. The customer weighs leaving at its renewal and,
 * sometimes, after a bad experience; the most recent experience weighs extra in that moment.
 * What systems record of all this is the event stream, with its own noise; the bond itself is
 * never emitted.
 *
 * <p>Single use and single-threaded. All randomness comes from one generator seeded by the
 * population seed and the customer's index, so customers can be generated in any order or in parallel.
 */
final class CustomerSimulation {

    private static final long DAY = 86_400;
    private static final List<String> JOURNEYS = List.of("information", "billing", "change", "order_delivery",
            "contract_change", "renewal");
    private static final double[] JOURNEY_WEIGHTS = {0.28, 0.24, 0.18, 0.18, 0.07, 0.05};

    private record Action(long at, long seq, Runnable run) {
    }

    /** An issue the customer is trying to get solved, over one or more attempts. */
    private static final class Issue {
        final String caseRef;
        final String journey;
        String channel;
        int attempts;
        int failures;
        boolean complaint;
        boolean hopped;

        Issue(String caseRef, String journey, String channel) {
            this.caseRef = caseRef;
            this.journey = journey;
            this.channel = channel;
        }
    }

    private final SimulationConfig config;
    private final Behaviour behaviour;
    private final Latent latent;
    private final double actOnIntent;
    private final SplittableRandom random;
    private final String customerId;
    private final String segmentName;
    private final Segment segment;
    private final boolean silent;
    private final boolean heavyMarketing;
    private final long start;
    private final long end;
    private final double base;
    private final String idPrefix;

    private final PriorityQueue<Action> agenda = new PriorityQueue<>(Comparator.comparingLong(Action::at)
            .thenComparingLong(Action::seq));
    private final List<ContactEvent> events = new ArrayList<>();
    private final List<CustomerHistory.Decision> decisions = new ArrayList<>();
    private final List<Integer> npsAnswers = new ArrayList<>();
    private final Deque<Long> recentCampaigns = new ArrayDeque<>();
    private long seq;
    private int serial;
    private double bond;
    private Valence lastValence;
    private long lastExperienceAt;
    private long lastPerceivedAt;
    private int perceivedContacts;
    private boolean leaving;
    private long churnAt = Long.MAX_VALUE;
    private long decidedAt = -1;
    private String reason;
    private int enquiriesWhileStaying;

    CustomerSimulation(SimulationConfig config, int index, double actOnIntent) {
        this.config = config;
        this.behaviour = config.behaviour();
        this.latent = config.latent();
        this.actOnIntent = actOnIntent;
        this.random = new SplittableRandom(mix(config.seed(), index));
        this.customerId = "C%07d".formatted(index);
        this.idPrefix = "sim-" + Long.toHexString(config.seed()) + "-" + index + "-";
        this.start = config.start().getEpochSecond();
        this.end = config.end().getEpochSecond();
        String chosen = null;
        double u = random.nextDouble();
        double cumulative = 0;
        for (Map.Entry<String, Segment> entry : config.segments().entrySet()) {
            cumulative += entry.getValue().share();
            chosen = entry.getKey();
            if (u < cumulative) {
                break;
            }
        }
        this.segmentName = chosen;
        this.segment = config.segments().get(chosen);
        this.silent = random.nextDouble() < segment.silentShare();
        this.heavyMarketing = random.nextDouble() < behaviour.heavyMarketingShare();
        this.base = segment.bondMean() + latent.bondSpread() * random.nextGaussian();
        this.bond = base;
        // The period starts mid-relationship: the last perceived contact lies somewhere before it.
        this.lastPerceivedAt = start - (long) (DAY * (silent ? 60 + random.nextDouble(300) : random.nextDouble(90)));
    }

    CustomerHistory run() {
        schedule(start + 7 * DAY, this::week);
        scheduleNext(start, journeysPerDay(), this::journey);
        scheduleNext(start, (heavyMarketing ? behaviour.heavyMarketingPerMonth() : behaviour.outboundCampaignsPerMonth())
                / 30.0, this::campaign);
        scheduleNext(start, behaviour.functionalContactsPerMonth() / 30.0, this::functional);
        for (long quarter = start; quarter < end; quarter += 91 * DAY) {
            if (random.nextDouble() < behaviour.relationshipSurveyPerQuarter()) {
                schedule(quarter + (long) (random.nextDouble() * 91 * DAY), this::relationshipSurvey);
            }
        }
        long firstRenewal = start + (long) (random.nextDouble() * 365 * DAY);
        // The contract system knows when each contract comes up for renewal: from the start of the period.
        events.add(ContactEvent.renewalDue(idPrefix + "renewal", customerId, segmentName, Instant.ofEpochSecond(start),
                Instant.ofEpochSecond(firstRenewal)));
        for (long renewal = firstRenewal; renewal < end; renewal += 365 * DAY) {
            schedule(renewal, () -> decide("renewal"));
        }
        double unrelatedPerDay = -Math.log(1 - config.annualChurnRate() * config.unrelatedChurnShare()) / 365.0;
        schedule(start + (long) (exponential(1 / unrelatedPerDay) * DAY), this::unrelatedChurn);

        while (!agenda.isEmpty()) {
            Action action = agenda.poll();
            if (action.at() >= end || action.at() >= churnAt) {
                break;
            }
            action.run().run();
        }
        List<ContactEvent> emitted = events.stream()
                .filter(e -> e.occurredAt().getEpochSecond() < Math.min(end, churnAt))
                .sorted(Comparator.comparing(ContactEvent::occurredAt))
                .toList();
        Instant churned = churnAt < end ? Instant.ofEpochSecond(churnAt) : null;
        GroundTruth truth = new GroundTruth(customerId, segmentName, silent, heavyMarketing, churned,
                churned == null ? null : reason,
                churned != null && decidedAt >= 0 ? Instant.ofEpochSecond(decidedAt) : null, perceivedContacts);
        List<ContactEvent> outcomes = churned == null ? List.of() : List.of(ContactEvent.ended(idPrefix + "end",
                customerId, segmentName, churned, "relationship".equals(reason) ? "dissatisfied" : "unrelated"));
        return new CustomerHistory(truth, emitted, decisions, npsAnswers, outcomes, enquiriesWhileStaying);
    }

    // --- the latent state -------------------------------------------------------------------

    private void week(long now) {
        bond += latent.reversionPerWeek() * (base - bond) + latent.noisePerWeek() * random.nextGaussian();
        if (now - lastPerceivedAt > latent.forgottenAfterDays() * DAY) {
            bond -= latent.erosionPerMonth() * 7 / 30.0;
        }
        schedule(now + 7 * DAY, this::week);
    }

    private void experience(long now, Valence valence, double impact) {
        bond += impact;
        lastValence = valence;
        lastExperienceAt = now;
        if (valence == Valence.NEGATIVE && !leaving
                && random.nextDouble() < config.decisions().reconsiderAfterNegative()) {
            schedule(now + DAY + (long) (random.nextDouble() * config.decisions().reconsiderWithinDays() * DAY),
                    () -> decide("reconsider"));
        }
    }

    private double impactOf(Valence valence) {
        return switch (valence) {
            case POSITIVE -> latent.impact().positive();
            case NEUTRAL -> latent.impact().neutral();
            case NEGATIVE -> latent.impact().negative();
        };
    }

    /** The bond plus the fading extra weight of the most recent experience. */
    private double stance(long now) {
        if (lastValence == null) {
            return bond;
        }
        double weight = switch (lastValence) {
            case POSITIVE -> latent.lastExperience().positive();
            case NEUTRAL -> latent.lastExperience().neutral();
            case NEGATIVE -> latent.lastExperience().negative();
        };
        double ageDays = (now - lastExperienceAt) / (double) DAY;
        return bond + weight * Math.pow(0.5, ageDays / latent.lastExperience().halfLifeDays());
    }

    private void decide(String occasion) {
        long now = currentTime;
        if (leaving) {
            return;
        }
        double wouldStay = 1 / (1 + Math.exp(-stance(now)));
        decisions.add(new CustomerHistory.Decision(lastValence, random.nextDouble() < wouldStay));
        if (random.nextDouble() < actOnIntent * (1 - wouldStay)) {
            leaving = true;
            decidedAt = now;
            reason = "relationship";
            churnAt = now + DAY + (long) (random.nextDouble() * (config.decisions().cancelWithinDays() - 1) * DAY);
            if (random.nextDouble() < behaviour.switchingEnquiry()) {
                long at = now + (long) (random.nextDouble() * (churnAt - now));
                emit(at, "contact", pickChannel(), "inbound", true, "cancellation", nextCase(), "resolved",
                        null, random.nextBoolean() ? "negative" : "neutral", null, null, null, null, null);
            }
        } else if (random.nextDouble() < behaviour.enquiryWithoutLeaving() * (1 - wouldStay)) {
            // Asks about notice periods or switching terms, and stays.
            enquiriesWhileStaying++;
            long at = now + (long) (random.nextDouble() * config.decisions().cancelWithinDays() * DAY);
            emit(at, "contact", pickChannel(), "inbound", true, "cancellation", nextCase(), "resolved",
                    null, random.nextBoolean() ? "negative" : "neutral", null, null, null, null, null);
        }
    }

    private void unrelatedChurn(long now) {
        if (!leaving) {
            leaving = true;
            reason = "unrelated";
            churnAt = now;
        }
    }

    // --- what happens to the customer -------------------------------------------------------

    private double journeysPerDay() {
        return segment.journeysPerMonth() * (silent ? behaviour.silentJourneyFactor() : 1) / 30.0;
    }

    private void journey(long now) {
        scheduleNext(now, journeysPerDay(), this::journey);
        if (leaving) {
            return;
        }
        Issue issue = new Issue(nextCase(), pick(JOURNEYS, JOURNEY_WEIGHTS), pickChannel());
        attempt(issue, now);
    }

    private void attempt(Issue issue, long now) {
        if (leaving) {
            return;
        }
        issue.attempts++;
        if (issue.attempts > 1 && random.nextDouble() < behaviour.channelHop()) {
            issue.channel = pickChannel();
            issue.hopped = true;
        }
        int wait = waitSeconds(issue.channel);
        boolean abandoned = "phone".equals(issue.channel) && wait > behaviour.abandonAfterWaitSeconds()
                && random.nextBoolean();
        double resolveChance = Math.min(0.95, segment.firstContactResolution() + 0.1 * (issue.attempts - 1));
        boolean resolved = !abandoned && random.nextDouble() < resolveChance;
        boolean waitedLong = wait > tolerableWait(issue.channel);
        Valence valence;
        if (abandoned) {
            valence = Valence.NEGATIVE;
        } else if (resolved && issue.attempts == 1) {
            valence = waitedLong ? (random.nextBoolean() ? Valence.NEUTRAL : Valence.NEGATIVE)
                    : (random.nextDouble() < 0.65 ? Valence.POSITIVE : Valence.NEUTRAL);
        } else if (resolved) {
            double u = random.nextDouble();
            valence = u < 0.25 ? Valence.POSITIVE : u < 0.7 ? Valence.NEUTRAL : Valence.NEGATIVE;
        } else {
            valence = random.nextDouble() < 0.7 ? Valence.NEGATIVE : Valence.NEUTRAL;
        }
        double impact = impactOf(valence) + (resolved ? 0 : latent.impact().repeatFailure() * issue.failures);
        perceived(now);
        experience(now, valence, impact);
        String outcome = abandoned ? "abandoned" : resolved ? "resolved"
                : issue.attempts >= 3 && random.nextBoolean() ? "escalated" : "unresolved";
        boolean surveyed = !abandoned && random.nextDouble() < behaviour.transactionalSurvey();
        emit(now, "contact", issue.channel, "inbound", true, issue.journey, issue.caseRef, outcome, wait,
                observed(valence), surveyed ? effort(issue, valence) : null, null, surveyed ? csat(valence) : null,
                null, null);
        if (resolved) {
            return;
        }
        issue.failures++;
        if (issue.failures >= 2 && !issue.complaint && random.nextDouble() < behaviour.complaintAfterFailures()) {
            openComplaint(issue, now + 3600 + (long) (random.nextDouble() * DAY));
        }
        if (!abandoned && random.nextDouble() < behaviour.callbackPromised()) {
            promise(issue, now);
        } else if (random.nextDouble() < behaviour.repeatWhenUnresolved()) {
            long delay = abandoned ? 600 + (long) (random.nextDouble() * 6 * 3600) : DAY + (long) (random.nextDouble() * 6 * DAY);
            schedule(now + delay, t -> attempt(issue, t));
        }
    }

    private void promise(Issue issue, long now) {
        String promiseId = idPrefix + "p" + (++serial);
        long due = now + DAY + (long) (random.nextDouble() * 2 * DAY);
        emit(now + 60, "promise_made", issue.channel, "outbound", true, issue.journey, issue.caseRef, null, null,
                null, null, null, null, promiseId, Instant.ofEpochSecond(due));
        if (random.nextDouble() < behaviour.promiseKept()) {
            long callback = now + 3600 + (long) (random.nextDouble() * (due - now - 3600));
            schedule(callback, t -> keptPromise(issue, promiseId, t));
        } else {
            schedule(due, t -> brokenPromise(issue, promiseId, t));
        }
    }

    private void keptPromise(Issue issue, String promiseId, long now) {
        if (leaving) {
            return;
        }
        emit(now, "promise_kept", "phone", "outbound", true, issue.journey, issue.caseRef, null, null, null, null,
                null, null, promiseId, null);
        issue.attempts++;
        boolean resolved = random.nextDouble() < Math.min(0.95, segment.firstContactResolution() + 0.15);
        Valence valence = resolved ? (random.nextDouble() < 0.6 ? Valence.POSITIVE : Valence.NEUTRAL) : Valence.NEUTRAL;
        perceived(now);
        experience(now, valence, impactOf(valence));
        emit(now + 1, "contact", "phone", "outbound", true, issue.journey, issue.caseRef,
                resolved ? "resolved" : "unresolved", null, observed(valence), null, null, null, null, null);
        if (!resolved && random.nextDouble() < behaviour.repeatWhenUnresolved()) {
            issue.failures++;
            schedule(now + DAY + (long) (random.nextDouble() * 5 * DAY), t -> attempt(issue, t));
        }
    }

    private void brokenPromise(Issue issue, String promiseId, long now) {
        if (leaving) {
            return;
        }
        issue.failures++;
        experience(now, Valence.NEGATIVE, latent.impact().brokenPromise());
        if (random.nextDouble() < behaviour.brokenPromiseRecorded()) {
            emit(now + (long) (random.nextDouble() * DAY), "promise_broken", issue.channel, "outbound", true,
                    issue.journey, issue.caseRef, null, null, null, null, null, null, promiseId, null);
        }
        if (!issue.complaint && random.nextDouble() < behaviour.complaintAfterFailures()) {
            openComplaint(issue, now + 3600 + (long) (random.nextDouble() * 2 * DAY));
        } else if (random.nextDouble() < behaviour.repeatWhenUnresolved()) {
            schedule(now + 3600 + (long) (random.nextDouble() * 3 * DAY), t -> attempt(issue, t));
        }
    }

    private void openComplaint(Issue issue, long at) {
        issue.complaint = true;
        schedule(at, now -> {
            if (leaving) {
                return;
            }
            perceived(now);
            experience(now, Valence.NEGATIVE, latent.impact().negative());
            emit(now, "complaint_opened", random.nextBoolean() ? "email" : "phone", "inbound", true, "complaint",
                    issue.caseRef, null, null, observed(Valence.NEGATIVE), null, null, null, null, null);
            schedule(now + 3 * DAY + (long) (random.nextDouble() * 17 * DAY), t -> settleComplaint(issue, t));
        });
    }

    private void settleComplaint(Issue issue, long now) {
        if (leaving) {
            return;
        }
        perceived(now);
        if (random.nextDouble() < behaviour.complaintResolvedWell()) {
            experience(now, Valence.POSITIVE, latent.impact().complaintResolvedWell());
            emit(now, "complaint_resolved", "phone", "outbound", true, "complaint", issue.caseRef, "resolved", null,
                    observed(Valence.POSITIVE), null, null, null, null, null);
            return;
        }
        experience(now, Valence.NEGATIVE, latent.impact().complaintHandledBadly());
        emit(now, "complaint_resolved", "email", "outbound", true, "complaint", issue.caseRef, "resolved", null,
                observed(Valence.NEGATIVE), null, null, null, null, null);
        if (random.nextDouble() < behaviour.complaintReopened()) {
            schedule(now + 2 * DAY + (long) (random.nextDouble() * 8 * DAY), t -> {
                if (leaving) {
                    return;
                }
                perceived(t);
                experience(t, Valence.NEGATIVE, latent.impact().negative());
                emit(t, "complaint_reopened", "phone", "inbound", true, "complaint", issue.caseRef, null, null,
                        observed(Valence.NEGATIVE), null, null, null, null, null);
                schedule(t + 3 * DAY + (long) (random.nextDouble() * 17 * DAY), u -> settleComplaint(issue, u));
            });
        }
    }

    private void campaign(long now) {
        scheduleNext(now, (heavyMarketing ? behaviour.heavyMarketingPerMonth() : behaviour.outboundCampaignsPerMonth())
                / 30.0, this::campaign);
        if (leaving) {
            return;
        }
        while (!recentCampaigns.isEmpty() && recentCampaigns.peekFirst() < now - 30 * DAY) {
            recentCampaigns.pollFirst();
        }
        recentCampaigns.addLast(now);
        if (recentCampaigns.size() > 2) {
            // Irritation, not an experience the customer weighs as the last one.
            bond += latent.impact().unwantedOutbound();
        }
        emit(now, "contact", random.nextDouble() < 0.7 ? "email" : "phone", "outbound", true, "information", null,
                null, null, null, null, null, null, null, null);
    }

    private void functional(long now) {
        scheduleNext(now, behaviour.functionalContactsPerMonth() / 30.0, this::functional);
        if (!leaving) {
            emit(now, "contact", random.nextBoolean() ? "letter" : "email", "outbound", false, "billing", null, null,
                    null, null, null, null, null, null, null);
        }
    }

    private void relationshipSurvey(long now) {
        if (leaving) {
            return;
        }
        SimulationConfig.Nps nps = latent.nps();
        double lastWeight = stance(now) - bond;
        int answer = (int) Math.round(nps.centre() + nps.slope() * (bond + lastWeight / 4)
                + nps.noise() * random.nextGaussian());
        answer = Math.max(0, Math.min(10, answer));
        npsAnswers.add(answer);
        emit(now, "survey", "email", "outbound", true, null, null, null, null, null, null, answer, null, null, null);
    }

    // --- what the systems record ------------------------------------------------------------

    private void perceived(long now) {
        lastPerceivedAt = now;
        perceivedContacts++;
    }

    /** The sentiment a system tags: missing sometimes, one step off sometimes. */
    private String observed(Valence truth) {
        if (random.nextDouble() >= behaviour.sentimentRecorded()) {
            return null;
        }
        if (random.nextDouble() < behaviour.sentimentMisread()) {
            return switch (truth) {
                case POSITIVE, NEGATIVE -> Valence.NEUTRAL.code();
                case NEUTRAL -> random.nextBoolean() ? Valence.POSITIVE.code() : Valence.NEGATIVE.code();
            };
        }
        return truth.code();
    }

    private int effort(Issue issue, Valence valence) {
        double effort = 2 + 1.1 * (issue.attempts - 1) + (issue.hopped ? 1 : 0)
                + (valence == Valence.NEGATIVE ? 1.8 : valence == Valence.NEUTRAL ? 0.8 : 0)
                + 0.8 * random.nextGaussian();
        return (int) Math.max(1, Math.min(7, Math.round(effort)));
    }

    private int csat(Valence valence) {
        double mean = valence == Valence.POSITIVE ? 4.5 : valence == Valence.NEUTRAL ? 3.4 : 1.8;
        return (int) Math.max(1, Math.min(5, Math.round(mean + 0.6 * random.nextGaussian())));
    }

    private void emit(long at, String type, String channel, String direction, boolean perceived, String journey,
                      String caseRef, String outcome, Integer waitSeconds, String sentiment, Integer effortScore,
                      Integer nps, Integer csat, String promiseId, Instant promiseDueAt) {
        events.add(new ContactEvent(idPrefix + (++serial), customerId, Instant.ofEpochSecond(at), segmentName,
                "simulator", type, channel, direction, perceived ? null : Boolean.FALSE, journey, caseRef, outcome,
                waitSeconds, sentiment, effortScore, nps, csat, promiseId, promiseDueAt, null, null));
    }

    private String nextCase() {
        return idPrefix + "k" + (++serial);
    }

    private int waitSeconds(String channel) {
        double mean = switch (channel) {
            case "phone" -> 80;
            case "chat", "video_call" -> 40;
            case "face_to_face" -> 300;
            case "email" -> 10 * 3600;
            case "website_app", "social_media", "whatsapp", "messenger" -> 3 * 3600;
            default -> 2 * DAY;
        };
        return (int) exponential(mean);
    }

    /** How long the customer waits before the wait itself spoils the contact. */
    private static double tolerableWait(String channel) {
        return switch (channel) {
            case "phone" -> 180;
            case "chat", "video_call" -> 120;
            case "face_to_face" -> 900;
            case "email" -> 30 * 3600;
            default -> 12 * 3600;
        };
    }

    private String pickChannel() {
        double u = random.nextDouble();
        double cumulative = 0;
        String last = "phone";
        for (Map.Entry<String, Double> entry : segment.channels().entrySet()) {
            cumulative += entry.getValue();
            last = entry.getKey();
            if (u < cumulative) {
                return last;
            }
        }
        return last;
    }

    private String pick(List<String> values, double[] weights) {
        double u = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < values.size(); i++) {
            cumulative += weights[i];
            if (u < cumulative) {
                return values.get(i);
            }
        }
        return values.get(values.size() - 1);
    }

    // --- the agenda ---------------------------------------------------------------------------

    private long currentTime;

    private interface Step {
        void at(long now);
    }

    private void schedule(long at, Step step) {
        agenda.add(new Action(at, seq++, () -> {
            currentTime = at;
            step.at(at);
        }));
    }

    private void schedule(long at, Runnable step) {
        schedule(at, now -> step.run());
    }

    /** The next arrival of a Poisson process with {@code perDay} arrivals a day. */
    private void scheduleNext(long now, double perDay, Step step) {
        if (perDay > 0) {
            schedule(now + (long) (exponential(1 / perDay) * DAY), step);
        }
    }

    private double exponential(double mean) {
        return -mean * Math.log(1 - random.nextDouble());
    }

    private static long mix(long seed, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
