package com.agentmitra.policies.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 5's load run: concurrent clients against the running local stack ({@code local/run}), over real HTTP through
 * its API Gateway emulation and the Lambda authorizer, as the demo agent. It first adds a small book of its own
 * through the API (policyholders and policies with names unique to this run), then each client loops for the given
 * time over a mix of reads: the first or next page of the agent's policies, a policy by id, a full-text search for a
 * customer's name. Every answer must be 200 with the expected body; anything else (status, exception, timeout) is
 * counted as an error, and the run exits 1 when there was any.
 *
 * <p>With {@code --big-book} it first gives the demo agent (a senior agent) 50 sub-agents holding 200,000 policies
 * of 100,000 customers, straight into local/run's database ({@link BigBook}), once: the lists then merge 51 books.
 *
 * <p>Run: {@code functions/policies/load-run [clients] [seconds] [baseUrl] [--big-book]} with {@code local/run}
 * started (README.md, "Load run").
 */
public final class PoliciesLoadRun {

    private enum Operation { LIST_FIRST_PAGE, LIST_NEXT_PAGE, GET_BY_ID, SEARCH }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BOOK = 100;

    private PoliciesLoadRun() {}

    public static void main(String[] arguments) throws Exception {
        boolean bigBook = Arrays.asList(arguments).contains("--big-book");
        String[] args = Arrays.stream(arguments).filter(a -> !a.startsWith("--")).toArray(String[]::new);
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        String base = args.length > 2 ? args[2] : "http://127.0.0.1:3000";
        if (clients < 1 || clients > 500 || seconds < 1 || seconds > 3_600) {
            throw new IllegalArgumentException("clients 1-500, seconds 1-3600");
        }
        if (bigBook) {
            BigBook.seed();
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        String token = login(http, base);
        List<String> policyIds = new ArrayList<>();
        List<String> lastNames = new ArrayList<>();
        String run = Integer.toString(ThreadLocalRandom.current().nextInt(10_000, 99_999));
        long seeding = System.nanoTime();
        for (int i = 0; i < BOOK; i++) {
            String lastName = "Loadrun" + run + letters(i);
            JsonNode holder = send(http, token, "POST", base + "/policyholders", Map.of(
                    "firstName", "Customer", "lastName", lastName,
                    "phone", "+9196" + run.substring(1) + String.format(Locale.ROOT, "%04d", i)), 201);
            JsonNode policy = send(http, token, "POST", base + "/policies", Map.of(
                    "policyNumber", "LR" + run + String.format(Locale.ROOT, "%04d", i),
                    "policyholderId", holder.path("id").asText(),
                    "policyType", "endowment", "planName", "Jeevan Labh (load run)",
                    "sumAssured", 500_000, "premiumAmount", 12_000 + i,
                    "premiumFrequency", i % 2 == 0 ? "Yly" : "Mly",
                    "startDate", "2024-04-01", "maturityDate", "2040-04-01", "status", "active"), 201);
            policyIds.add(policy.path("id").asText());
            lastNames.add(lastName);
        }
        System.out.printf("added %d policyholders and policies through the API in %.1f s%n", BOOK,
                (System.nanoTime() - seeding) / 1e9);

        Map<Operation, Recorder> recorders = new EnumMap<>(Operation.class);
        for (Operation operation : Operation.values()) {
            recorders.put(operation, new Recorder());
        }
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread.ofPlatform().name("client-" + c).start(() -> {
                try {
                    String cursor = null;
                    while (System.nanoTime() < deadline) {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        int pick = random.nextInt(10);
                        Operation operation;
                        String url;
                        if (pick < 4) {
                            operation = cursor == null ? Operation.LIST_FIRST_PAGE : Operation.LIST_NEXT_PAGE;
                            url = base + "/policies?limit=25" + (cursor == null ? "" : "&cursor=" + encode(cursor));
                        } else if (pick < 8) {
                            operation = Operation.GET_BY_ID;
                            url = base + "/policies/" + policyIds.get(random.nextInt(policyIds.size()));
                        } else {
                            operation = Operation.SEARCH;
                            url = base + "/policies?q=" + encode(lastNames.get(random.nextInt(lastNames.size())));
                        }
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> response = http.send(get(url, token),
                                    HttpResponse.BodyHandlers.ofString());
                            long elapsed = System.nanoTime() - t0;
                            if (response.statusCode() != 200) {
                                errors.computeIfAbsent(operation + " " + response.statusCode(), k -> new AtomicLong())
                                        .incrementAndGet();
                                continue;
                            }
                            JsonNode body = JSON.readTree(response.body());
                            if (operation == Operation.GET_BY_ID ? !body.hasNonNull("policyNumber")
                                    : !body.path("items").isArray()
                                            || (operation == Operation.SEARCH && body.path("items").isEmpty())) {
                                errors.computeIfAbsent(operation + " unexpected body", k -> new AtomicLong())
                                        .incrementAndGet();
                                continue;
                            }
                            recorders.get(operation).record(elapsed);
                            if (operation == Operation.LIST_FIRST_PAGE || operation == Operation.LIST_NEXT_PAGE) {
                                JsonNode next = body.path("nextCursor");
                                cursor = next.isTextual() ? next.asText() : null;
                            }
                        } catch (IOException e) {
                            errors.computeIfAbsent(operation + " " + e.getClass().getSimpleName(),
                                    k -> new AtomicLong()).incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        double elapsedSeconds = (System.nanoTime() - started) / 1e9;

        long total = recorders.values().stream().mapToLong(Recorder::count).sum();
        long failed = errors.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.printf("%nLoad run, %d clients for %.0f s against %s (demo agent, authorizer on)%n", clients,
                elapsedSeconds, base);
        System.out.println("| operation | requests | errors | p50 ms | p95 ms | p99 ms | max ms |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Operation operation : Operation.values()) {
            Recorder r = recorders.get(operation);
            long opErrors = errors.entrySet().stream().filter(e -> e.getKey().startsWith(operation + " "))
                    .mapToLong(e -> e.getValue().get()).sum();
            System.out.printf(Locale.ROOT, "| %s | %,d | %d | %.1f | %.1f | %.1f | %.1f |%n",
                    operation.name().toLowerCase(Locale.ROOT).replace('_', ' '), r.count(), opErrors,
                    r.percentile(50), r.percentile(95), r.percentile(99), r.percentile(100));
        }
        System.out.printf(Locale.ROOT, "total %,d requests, %.0f requests/s, %d errors%n", total + failed,
                (total + failed) / elapsedSeconds, failed);
        errors.forEach((what, count) -> System.out.println("  error: " + what + " x" + count.get()));
        System.exit(failed == 0 ? 0 : 1);
    }

    private static String login(HttpClient http, String base) throws Exception {
        // the demo agent of local/run (local-only values, printed by local/run)
        JsonNode tokens = send(http, null, "POST", base + "/auth/login",
                Map.of("tenant", "LIC", "identifier", "demo.agent", "password", "demo-agent-password"), 200);
        return tokens.path("accessToken").asText();
    }

    private static JsonNode send(HttpClient http, String token, String method, String url, Object body, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            // problem details never carry secrets; the request body is not printed
            throw new IllegalStateException(method + " " + URI.create(url).getPath() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static HttpRequest get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + token).GET().build();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Two letters per index, so every customer of a run has a distinct searchable last name. */
    private static String letters(int i) {
        return "" + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26);
    }

    /** Latencies of one operation, in microseconds, from every client. */
    private static final class Recorder {
        private long[] micros = new long[1 << 16];
        private int size;

        synchronized void record(long nanos) {
            if (size == micros.length) {
                micros = Arrays.copyOf(micros, size * 2);
            }
            micros[size++] = nanos / 1_000;
        }

        synchronized long count() {
            return size;
        }

        synchronized double percentile(int p) {
            if (size == 0) {
                return 0;
            }
            long[] sorted = Arrays.copyOf(micros, size);
            Arrays.sort(sorted);
            int index = Math.min(size - 1, (int) Math.ceil(p / 100.0 * size) - 1);
            return sorted[Math.max(0, index)] / 1_000.0;
        }
    }
}
