package dev.earlywarning.system.console;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The two endpoints of an OIDC provider a public client with PKCE uses: {@code /authorize} signs
 * the user in at once and sends the browser back with a code; {@code /token} gives the access token
 * only for the code's verifier (S256), as a real provider does. What it checked is kept for the test.
 */
final class FakeOidcProvider implements AutoCloseable {

    private record Pending(String challenge, String redirectUri, String clientId) {
    }

    private final HttpServer server;
    private final Supplier<String> accessToken;
    private final Map<String, Pending> codes = new ConcurrentHashMap<>();
    volatile String lastTokenRequestProblem;
    volatile int tokensIssued;

    FakeOidcProvider(Supplier<String> accessToken) throws IOException {
        this.accessToken = accessToken;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static Map<String, String> form(String text) {
        Map<String, String> values = new HashMap<>();
        if (text == null || text.isEmpty()) {
            return values;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> q = form(exchange.getRequestURI().getRawQuery());
        if (!"code".equals(q.get("response_type")) || !"S256".equals(q.get("code_challenge_method"))
                || q.get("code_challenge") == null || q.get("state") == null) {
            answer(exchange, 400, "text/plain", "authorization code with PKCE (S256) and a state expected");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Pending(q.get("code_challenge"), q.get("redirect_uri"), q.get("client_id")));
        exchange.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
        if (exchange.getRequestMethod().equals("OPTIONS")) {
            exchange.getResponseHeaders().add("Access-Control-Allow-Headers", "content-type");
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            return;
        }
        Map<String, String> f = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Pending pending = codes.remove(f.getOrDefault("code", ""));
        String problem = pending == null ? "unknown code"
                : !"authorization_code".equals(f.get("grant_type")) ? "grant_type"
                : !pending.redirectUri().equals(f.get("redirect_uri")) ? "redirect_uri differs"
                : !pending.clientId().equals(f.get("client_id")) ? "client_id differs"
                : !pending.challenge().equals(s256(f.getOrDefault("code_verifier", ""))) ? "code_verifier does not match"
                : null;
        lastTokenRequestProblem = problem;
        if (problem != null) {
            answer(exchange, 400, "application/json", "{\"error\":\"invalid_grant\",\"error_description\":\"" + problem + "\"}");
            return;
        }
        tokensIssued++;
        answer(exchange, 200, "application/json", "{\"access_token\":\"" + accessToken.get()
                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
