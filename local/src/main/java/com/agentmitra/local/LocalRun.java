package com.agentmitra.local;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code local/run}: the whole system on this machine. Starts the local services, every function of
 * {@code template.yaml}, the API on {@code http://127.0.0.1:3000}, the SQS and S3 event sources, and prints what it
 * started. {@code --fresh} wipes the kept database first. Stops on Ctrl-C. Browser origins allowed to call the API:
 * {@code ALLOWED_ORIGINS} (a comma list; empty allows none), by default the portal's dev server
 * {@value LocalValues#PORTAL_DEV_ORIGIN}. The WhatsApp functions talk to the local sandbox unless
 * {@code WHATSAPP_API_BASE_URL} (and {@code WHATSAPP_TOKEN}, {@code WHATSAPP_PHONE_NUMBER_ID}) name another Graph API.
 */
public final class LocalRun {

    static final int API_PORT = 3000;

    private LocalRun() {}

    public static void main(String[] args) throws Exception {
        boolean fresh = List.of(args).contains("--fresh");
        System.setProperty("spring.main.banner-mode", "off");
        // on this machine nothing may probe an EC2 metadata endpoint for credentials or region
        System.setProperty("aws.disableEc2Metadata", "true");
        Path repository = Path.of(System.getProperty("agentmitra.repository", ".")).toAbsolutePath().normalize();
        LocalServices services = LocalServices.start(repository, fresh);
        List<ApiRoute> routes = ApiGatewayServer.routes(services.template());
        for (SamTemplate.Function function : services.template().functions()) {
            services.function(function.logicalId());
        }
        EventSources events = new EventSources(services.template(), services.queueUrls(),
                (function, event) -> services.function(function).invoke(event));
        List<String> wired = events.start();
        ApiGatewayServer.Cors cors = ApiGatewayServer.Cors.of(services.template(),
                LocalValues.allowedOrigins(System.getenv()));
        ApiGatewayServer api = ApiGatewayServer.start(API_PORT, routes, cors,
                (function, event) -> services.function(function).invoke(event), events);

        System.out.println();
        System.out.println("Agent Mitra local stack is up");
        services.report().lines().forEach((what, where) -> System.out.printf("  %-16s %s%n", what, where));
        System.out.printf("  %-16s %s%n", "API", ApiGatewayServer.base(API_PORT));
        for (ApiRoute route : routes) {
            System.out.printf("    %-6s %-40s -> %s%s%n", route.method(), route.pathTemplate(), route.functionId(),
                    route.authorizer().map(authorizer -> " (authorizer " + authorizer.functionId() + ")").orElse(" (open)"));
        }
        wired.forEach(line -> System.out.printf("  %-16s %s%n", "Event source", line));
        String graph = services.whatsappBaseUrl();
        System.out.printf("  %-16s %s%n", "WhatsApp sends", graph.equals(WhatsappSandbox.base(WhatsappSandbox.PORT))
                ? graph + " (the sandbox; WHATSAPP_API_BASE_URL=... WHATSAPP_TOKEN=... local/run to change)"
                : graph + " (WHATSAPP_API_BASE_URL)");
        System.out.printf("  %-16s %s%n", "Browser origins", cors.origins().isEmpty() ? "none (ALLOWED_ORIGINS is empty)"
                : String.join(", ", cors.origins()) + " (ALLOWED_ORIGINS=... local/run to change)");
        System.out.println("Try: curl -s " + ApiGatewayServer.base(API_PORT) + "/health");
        System.out.println("Ctrl-C stops everything; data is kept in local/.data (local/run --fresh starts over).");

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            events.close();
            services.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
