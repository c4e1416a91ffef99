package dev.earlywarning.platform.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earlywarning.platform.DevTokens;

/**
 * Who may call what, checked against a running service: every operation of its OpenAPI document
 * × every role × no token × an expired token × another issuer's token. An operation without a
 * rule, or a rule without an operation, is a failure of its own, so a new endpoint cannot ship
 * without one.
 *
 * <p>Permitted means neither 401 nor 403 nor a 5xx (the call reaches the resource, which may
 * answer 404 or 400 for the made-up ids and bodies); refused means 403 for a trusted token without
 * the role and 401 without a trusted, current token, both as RFC 9457 problems.
 */
public final class AuthorizationMatrix {

    /** One operation: {@code "GET /alerts/{id}"}. */
    public record Operation(String method, String path, String contentType, List<String> pathParams,
                            Map<String, String> formats) {
        public String key() {
            return method + " " + path;
        }
    }

    /** One call that did not answer as the rules say. */
    public record Violation(String operation, String caller, int expected, int actual) {
        @Override
        public String toString() {
            return operation + " as " + caller + ": expected " + (expected == 0 ? "permitted" : expected)
                    + ", got " + actual;
        }
    }

    /** The rule of an operation anyone may call, without a token (what a page needs before sign-in). */
    public static final Set<String> ANYONE = Set.of("anyone");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String openApiUrl;
    private final Map<String, Set<String>> rules;
    private final DevTokens tokens;
    private final DevTokens stranger = DevTokens.generate("https://stranger.example.com/realms/other");

    /**
     * @param baseUrl the service's application port
     * @param openApiUrl its OpenAPI document (JSON), served on the management interface
     * @param rules per operation key, the roles that may call it (every other role gets 403)
     */
    public AuthorizationMatrix(String baseUrl, String openApiUrl, Map<String, Set<String>> rules, DevTokens tokens) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.openApiUrl = openApiUrl;
        this.rules = rules;
        this.tokens = tokens;
    }

    /**
     * Checks the running test application (its API on {@code baseUrl}, its OpenAPI document on the
     * management port) against {@code rules} with {@link Auth}'s tokens: fails naming every call
     * that answered otherwise, and when the document lists a different number of operations.
     */
    public static void assertEnforced(String baseUrl, Map<String, Set<String>> rules)
            throws IOException, InterruptedException {
        AuthorizationMatrix matrix = new AuthorizationMatrix(baseUrl,
                "http://localhost:" + Management.port() + "/q/openapi?format=json", rules, Auth.tokens());
        int operations = matrix.size();
        if (operations != rules.size()) {
            throw new AssertionError("the OpenAPI document lists " + operations + " operations, the rules "
                    + rules.size());
        }
        List<String> violations = matrix.violations();
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " calls answered against the rules:\n"
                    + String.join("\n", violations));
        }
    }

    /** The operations the service's OpenAPI document lists. */
    public List<Operation> operations() throws IOException, InterruptedException {
        HttpResponse<String> doc = HTTP.send(HttpRequest.newBuilder(URI.create(openApiUrl))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (doc.statusCode() != 200) {
            throw new IllegalStateException(openApiUrl + " answered " + doc.statusCode());
        }
        List<Operation> operations = new ArrayList<>();
        JsonNode paths = JSON.readTree(doc.body()).path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> p = paths.fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> path = p.next();
            for (Iterator<Map.Entry<String, JsonNode>> m = path.getValue().fields(); m.hasNext(); ) {
                Map.Entry<String, JsonNode> method = m.next();
                if (!Set.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
                    continue;
                }
                List<String> params = new ArrayList<>();
                Map<String, String> formats = new java.util.HashMap<>();
                for (JsonNode param : method.getValue().path("parameters")) {
                    if (param.path("in").asText().equals("path")) {
                        params.add(param.path("name").asText());
                        formats.put(param.path("name").asText(), param.path("schema").path("format").asText(""));
                    }
                }
                Iterator<String> types = method.getValue().path("requestBody").path("content").fieldNames();
                operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(),
                        types.hasNext() ? types.next() : null, params, formats));
            }
        }
        return operations;
    }

    /** Every call the rules get wrong; empty when the service enforces them all. */
    public List<String> violations() throws IOException, InterruptedException {
        List<Operation> operations = operations();
        List<String> problems = new ArrayList<>();
        Set<String> listed = new TreeSet<>();
        for (Operation op : operations) {
            listed.add(op.key());
            Set<String> allowed = rules.get(op.key());
            if (allowed == null) {
                problems.add(op.key() + " has no rule: say which roles may call it");
                continue;
            }
            if (allowed.equals(ANYONE)) {
                check(problems, op, "no token", null, 0);
                for (String role : DevTokens.ROLES) {
                    check(problems, op, role, tokens.forRole(role), 0);
                }
                continue;
            }
            check(problems, op, "no token", null, 401);
            for (String role : allowed) {
                check(problems, op, "expired " + role, tokens.expired(role), 401);
                check(problems, op, role + " of another issuer", stranger.forRole(role), 401);
            }
            for (String role : DevTokens.ROLES) {
                String token = role.equals(DevTokens.EVENT_WRITER) ? tokens.producer("matrix") : tokens.forRole(role);
                check(problems, op, role, token, allowed.contains(role) ? 0 : 403);
            }
        }
        for (String rule : rules.keySet()) {
            if (!listed.contains(rule)) {
                problems.add(rule + " has a rule but is not in the OpenAPI document");
            }
        }
        return problems;
    }

    /** How many operations the document lists (a test asserts it found them). */
    public int size() throws IOException, InterruptedException {
        return operations().size();
    }

    private void check(List<String> problems, Operation op, String caller, String token, int expected)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> response = call(op, token);
        int status = response.statusCode();
        boolean ok = expected == 0 ? status != 401 && status != 403 && status < 500 : status == expected;
        if (!ok) {
            problems.add(new Violation(op.key(), caller, expected, status).toString());
        } else if (expected != 0 && !response.headers().firstValue("content-type").orElse("")
                .contains("application/problem+json")) {
            problems.add(op.key() + " as " + caller + ": a " + status + " that is not an RFC 9457 problem");
        }
    }

    private HttpResponse<InputStream> call(Operation op, String token) throws IOException, InterruptedException {
        String path = op.path();
        for (String param : op.pathParams()) {
            String value = "uuid".equals(op.formats().get(param)) ? UUID.randomUUID().toString() : "C-matrix";
            path = path.replace("{" + param + "}", value);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (op.contentType() != null) {
            String body = op.contentType().contains("json") ? (op.path().endsWith("/batch") ? "[]" : "{}") : "";
            request.header("Content-Type", op.contentType().equals("*/*") ? "application/json" : op.contentType());
            request.method(op.method(), HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(op.method(), op.method().equals("POST") ? HttpRequest.BodyPublishers.ofString("")
                    : HttpRequest.BodyPublishers.noBody());
        }
        // The status line is enough; a permitted live stream would never end its body.
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response;
    }
}
