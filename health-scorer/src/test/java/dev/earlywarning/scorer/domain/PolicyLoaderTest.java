package dev.earlywarning.scorer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.earlywarning.scorer.policy.PolicyLoader;

class PolicyLoaderTest {

    @Test
    void segmentsOverrideOnlyWhatTheySay() {
        PolicyBook book = PolicyLoader.builtIn();
        ScoringPolicy sme = book.forSegment("sme");
        ScoringPolicy retail = book.forSegment("retail");

        // Retail's rules are the default's; only its calibrated risk intercept is its own.
        assertThat(retail.silence()).isEqualTo(book.defaults().silence());
        assertThat(retail.lastContact()).isEqualTo(book.defaults().lastContact());
        assertThat(retail.version()).isEqualTo(book.version() + "+retail");
        assertThat(retail.risk().coefficients()).isEqualTo(book.defaults().risk().coefficients());
        assertThat(book.forSegment("unheard-of")).isSameAs(book.defaults());
        assertThat(retail.silence().normalGap()).isEqualTo(Duration.ofDays(180));
        assertThat(sme.silence().normalGap()).isEqualTo(Duration.ofDays(90));
        assertThat(sme.silence().points()).isEqualTo(retail.silence().points());
        assertThat(sme.version()).isEqualTo(book.version() + "+sme");
        assertThat(retail.responsiveness().norm(ContactFact.Channel.PHONE)).isEqualTo(Duration.ofSeconds(30));
    }
}
