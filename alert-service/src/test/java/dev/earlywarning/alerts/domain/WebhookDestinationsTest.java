package dev.earlywarning.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WebhookDestinationsTest {

    private final WebhookDestinations destinations = new WebhookDestinations(Set.of("receiver.local"),
            Set.of(443, 8443));

    @ParameterizedTest
    @ValueSource(strings = {
            // loopback in every spelling a resolver accepts
            "https://127.0.0.1/hook", "https://127.1/hook", "https://2130706433/hook", "https://0x7f000001/hook",
            "https://0x7f.0.0.1/hook", "https://0177.0.0.1/hook", "https://0177.1/hook", "https://017700000001/hook",
            "https://127.0.0.1./hook", "https://[::1]/hook", "https://[0:0:0:0:0:0:0:1]/hook",
            // IPv4 in IPv6
            "https://[::ffff:127.0.0.1]/hook", "https://[::ffff:7f00:1]/hook", "https://[::127.0.0.1]/hook",
            "https://[64:ff9b::7f00:1]/hook", "https://[2002:7f00:1::]/hook", "https://[::ffff:0:a9fe:a9fe]/hook",
            // private, link-local, metadata, unspecified, multicast
            "https://10.0.0.1/hook", "https://10.1/hook", "https://172.16.0.1/hook", "https://172.31.255.255/hook",
            "https://192.168.1.1/hook", "https://0xc0a80101/hook", "https://169.254.169.254/latest/meta-data",
            "https://2852039166/hook", "https://[fd00::1]/hook", "https://[fc00::1]/hook", "https://[fe80::1]/hook",
            "https://[fd00:ec2::254]/hook", "https://0.0.0.0/hook", "https://0/hook", "https://[::]/hook",
            "https://224.0.0.1/hook", "https://[ff02::1]/hook", "https://255.255.255.255/hook",
            "https://100.64.0.1/hook"})
    void internalAddressesAreRefusedInEverySpelling(String url) {
        assertThatThrownBy(() -> destinations.target(url)).isInstanceOf(WebhookDestinations.Refused.class)
                .hasMessageContaining("address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://hooks.example.com/x", "ftp://hooks.example.com/x", "https://hooks.example.com:22/x",
            "https://user:pw@hooks.example.com/x", "hooks.example.com/x"})
    void plainHttpOtherSchemesPortsAndCredentialsAreRefused(String url) {
        assertThatThrownBy(() -> destinations.target(url)).isInstanceOf(WebhookDestinations.Refused.class);
    }

    @Test
    void publicHttpsTargetsPass() throws Exception {
        assertThat(destinations.target("https://hooks.example.com/churn").allowListed()).isFalse();
        assertThat(destinations.target("https://93.184.215.14:8443/churn").literal().getHostAddress())
                .isEqualTo("93.184.215.14");
        assertThat(destinations.target("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/x").literal()).isNotNull();
    }

    @Test
    void aNameIsJudgedByEveryAddressItResolvesTo() throws Exception {
        WebhookDestinations.Target target = destinations.target("https://hooks.example.com/churn");
        InetAddress pub = InetAddress.getByName("93.184.215.14");
        assertThatCode(() -> destinations.checkResolved(target, List.of(pub))).doesNotThrowAnyException();
        assertThatThrownBy(() -> destinations.checkResolved(target, List.of(pub, InetAddress.getByName("127.0.0.1"))))
                .hasMessage("resolves to a loopback address");
        assertThatThrownBy(() -> destinations.checkResolved(target, List.of(InetAddress.getByName("10.2.3.4"))))
                .hasMessage("resolves to a private address");
        assertThatThrownBy(() -> destinations.checkResolved(target, List.of())).hasMessage("does not resolve");
    }

    @Test
    void anAllowListedHostMayUsePlainHttpAndAnyAddress() throws Exception {
        WebhookDestinations.Target target = destinations.target("http://receiver.local:8089/hooks");
        assertThat(target.allowListed()).isTrue();
        assertThatCode(() -> destinations.checkResolved(target, List.of(InetAddress.getByName("127.0.0.1"))))
                .doesNotThrowAnyException();
    }

    @Test
    void numbersAreReadAsACResolverReadsThem() {
        assertThat(WebhookDestinations.literal("2130706433").getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(WebhookDestinations.literal("0x7f.1").getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(WebhookDestinations.literal("0177.0.0.01").getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(WebhookDestinations.literal("10.1.2").getHostAddress()).isEqualTo("10.1.0.2");
        assertThat(WebhookDestinations.literal("256.1.1.1")).isNull();
        assertThat(WebhookDestinations.literal("hooks.example.com")).isNull();
        assertThat(WebhookDestinations.literal("1.2.3.4.5")).isNull();
        assertThat(WebhookDestinations.literal("-1")).isNull();
    }
}
