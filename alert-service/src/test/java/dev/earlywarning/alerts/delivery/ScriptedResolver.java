package dev.earlywarning.alerts.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * The tests' DNS: names under {@code .ssrf.test} answer what a test scripted, one answer per
 * lookup (the last repeats), as a rebinding attacker's server would; other names go to the system.
 */
@ApplicationScoped
public class ScriptedResolver implements HostResolver {

    private static final Map<String, List<String>> ANSWERS = new ConcurrentHashMap<>();
    private static final Map<String, Integer> LOOKUPS = new ConcurrentHashMap<>();
    private final HostResolver.System system = new HostResolver.System();

    /** {@code host}'s successive answers, each one address. */
    public static void script(String host, String... answers) {
        ANSWERS.put(host, List.of(answers));
        LOOKUPS.remove(host);
    }

    public static int lookups(String host) {
        return LOOKUPS.getOrDefault(host, 0);
    }

    @Override
    public Uni<List<InetAddress>> resolve(String host) {
        if (!host.endsWith(".ssrf.test")) {
            return system.resolve(host);
        }
        List<String> answers = ANSWERS.get(host);
        if (answers == null) {
            return Uni.createFrom().failure(new UnknownHostException(host));
        }
        int n = LOOKUPS.merge(host, 1, Integer::sum);
        String answer = answers.get(Math.min(n, answers.size()) - 1);
        try {
            return Uni.createFrom().item(List.of(InetAddress.getByName(answer)));
        } catch (UnknownHostException e) {
            return Uni.createFrom().failure(e);
        }
    }
}
