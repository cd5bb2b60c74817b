package com.agentmitra.auth;

import com.agentmitra.data.Tenant;
import com.agentmitra.testing.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issue 4's benchmark, warm and in-process, against embedded PostgreSQL 16 with the services wired as
 * {@link AuthFunctions} wires them ({@link AuthKit}): (a) the authorizer per token, once for
 * {@link AccessTokens#verify} alone (signature, algorithm, type, issuer, audience, expiry, claims; target 0.2 ms)
 * and once for the whole {@link Authorizer#authorize}, which adds the session-live look-up in PostgreSQL;
 * (b) sign-in latency: an agent's password login, whose Argon2id hash check is also timed alone, and a customer's
 * code request plus verification (first sign-in, which creates the customer's login, and a returning customer).
 * The queued WhatsApp message goes to an in-memory outbox, so SQS is not in the figures.
 *
 * <p>Run: see functions/auth/README.md, "Benchmark".
 */
public final class AuthBenchmark {

    private AuthBenchmark() {}

    public static void main(String[] args) {
        int verifications = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int authorizations = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int logins = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int customers = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        System.out.printf("Java %s, %d processors, max heap %d MB%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        AuthKit kit = new AuthKit();
        Tenant lic = kit.db.lic();
        Fixtures.Agent agent = kit.agentWithPassword(lic);
        String username = kit.usernameOf(lic, agent.userId());
        Tokens signedIn = kit.login(lic, username, AuthKit.PASSWORD);
        AccessClaims claims = kit.claims(signedIn);

        // (a) the authorizer: 1,000 distinct tokens of one live session (ECDSA signatures differ token to token)
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            tokens.add(kit.accessTokens.issue(claims.userId(), claims.tenantId(), claims.tenant(), claims.role(),
                    claims.agentId(), claims.sessionId()));
        }
        System.out.printf("access token: %d characters, ES256, kid %s%n", tokens.getFirst().length(),
                kit.keys.signingKey().getKeyID());
        measure("AccessTokens.verify (warm-up)", verifications / 5, i -> verify(kit, tokens.get(i % tokens.size())));
        Stats verify = measure("AccessTokens.verify", verifications, i -> verify(kit, tokens.get(i % tokens.size())));
        List<Map<String, Object>> events = tokens.stream().map(token -> Map.<String, Object>of("type", "REQUEST",
                "methodArn", "arn:aws:execute-api:ap-south-1:000000000000:bench/live/GET/agents/me/dashboard",
                "headers", Map.of("Authorization", "Bearer " + token, "X-Tenant", "LIC"))).toList();
        measure("Authorizer.authorize (warm-up)", authorizations / 5,
                i -> kit.authorizer.authorize(events.get(i % events.size())));
        Stats authorize = measure("Authorizer.authorize (+ session look-up)", authorizations,
                i -> kit.authorizer.authorize(events.get(i % events.size())));

        // (b) password sign-in, and the hash check alone (the same encoder and parameters as the function)
        PasswordHasher hasher = new PasswordHasher();
        String hash = hasher.hash(AuthKit.PASSWORD);
        System.out.printf("password hash: %s (Argon2id: memory m KiB, iterations t, lanes p)%n",
                hash.substring(0, hash.indexOf('$', hash.indexOf("m=")) + 1) + "<salt>$<hash>");
        measure("Argon2id check (warm-up)", 5, i -> hasher.matches(AuthKit.PASSWORD, hash));
        Stats argon = measure("Argon2id check alone", logins, i -> hasher.matches(AuthKit.PASSWORD, hash));
        measure("password login (warm-up)", 5, i -> kit.login(lic, username, AuthKit.PASSWORD));
        Stats login = measure("POST /auth/login (service)", logins, i -> kit.login(lic, username, AuthKit.PASSWORD));

        // (b) code sign-in: per-phone limits allow one code per 30 s, so every customer has their own phone; the
        // per-address limit is lifted so all requests can come from one address (its look-up still runs)
        OtpSignIn otp = new OtpSignIn(kit.db.database(), kit.tenants, kit.repository, kit.keys, kit.sessions,
                kit.outbox, new OtpPolicy(Integer.MAX_VALUE), kit.clock);
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < customers + 5; i++) {
            String phone = Fixtures.anyPhone();
            kit.fixtures.policyholder().of(agent).phone(phone).create();
            phones.add(phone);
        }
        Optional<String> address = Optional.of(kit.address);
        measure("code request + verify (warm-up)", 5, i -> otpSignIn(kit, otp, phones.get(customers + i), address));
        Stats first = measure("code request + verify, first sign-in", customers,
                i -> otpSignIn(kit, otp, phones.get(i), address));
        kit.clock.advance(Duration.ofMinutes(1));
        Stats request = measure("POST /auth/otp (service), returning", customers,
                i -> otp.request(new Bodies.OtpRequest("LIC", phones.get(i)), address));
        Stats check = measure("POST /auth/otp/verify (service), returning", customers,
                i -> otp.verify(new Bodies.OtpVerification("LIC", phones.get(i), kit.outbox.lastCodeTo(phones.get(i)),
                        null), SignInContext.none()));

        System.out.println();
        System.out.println("| measurement | n | p50 ms | p99 ms | mean ms |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (Stats stats : List.of(verify, authorize, argon, login, first, request, check)) {
            System.out.printf("| %s | %,d | %.3f | %.3f | %.3f |%n", stats.name, stats.count, stats.p50, stats.p99,
                    stats.mean);
        }
        System.out.printf("returning customer, request + verify: p50 %.1f ms (sum of the two p50s)%n",
                request.p50 + check.p50);
        System.out.printf("target: verify warm p50 <= 0.2 ms: %s%n", verify.p50 <= 0.2 ? "met" : "NOT met");
        System.exit(0);
    }

    private static void verify(AuthKit kit, String token) {
        // the authorizer's verifier: public keys only, behind the 5-minute re-read (ExpiringValue)
        if (!(kit.authorizerTokens.verify(token) instanceof AccessTokens.Valid)) {
            throw new IllegalStateException("a benchmark token was refused");
        }
    }

    private static void otpSignIn(AuthKit kit, OtpSignIn otp, String phone, Optional<String> address) {
        otp.request(new Bodies.OtpRequest("LIC", phone), address);
        otp.verify(new Bodies.OtpVerification("LIC", phone, kit.outbox.lastCodeTo(phone), null), SignInContext.none());
    }

    private record Stats(String name, int count, double p50, double p99, double mean) {}

    @FunctionalInterface
    private interface Step {
        void run(int i) throws Exception;
    }

    /** Times each call on its own (System.nanoTime around it) and prints the distribution. */
    private static Stats measure(String name, int count, Step step) {
        long[] nanos = new long[count];
        try {
            for (int i = 0; i < count; i++) {
                long started = System.nanoTime();
                step.run(i);
                nanos[i] = System.nanoTime() - started;
            }
        } catch (Exception e) {
            throw new IllegalStateException(name + " failed", e);
        }
        Arrays.sort(nanos);
        double mean = Arrays.stream(nanos).average().orElse(0) / 1e6;
        Stats stats = new Stats(name, count, nanos[count / 2] / 1e6,
                nanos[Math.max(0, (int) Math.ceil(count * 0.99) - 1)] / 1e6, mean);
        System.out.printf("%-45s n=%,7d  p50 %8.3f ms  p99 %8.3f ms  mean %8.3f ms%n", name, count, stats.p50,
                stats.p99, stats.mean);
        return stats;
    }
}
